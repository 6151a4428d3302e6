package jp.madoguchi.portal.support;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.util.HtmlUtils;

/**
 * What a browser would submit from one form of a rendered page: its inputs' values, textareas'
 * texts and each select's selected (else first) option. Buttons are left out: the test names the one it presses.
 */
public final class HtmlForm {

    private static final Pattern INPUT = Pattern.compile("<input\\b[^>]*>", Pattern.DOTALL);
    private static final Pattern TEXTAREA = Pattern.compile("<textarea\\b([^>]*)>(.*?)</textarea>", Pattern.DOTALL);
    private static final Pattern SELECT = Pattern.compile("<select\\b([^>]*)>(.*?)</select>", Pattern.DOTALL);
    private static final Pattern OPTION = Pattern.compile("<option\\b([^>]*)>", Pattern.DOTALL);

    private HtmlForm() {
    }

    public static MultiValueMap<String, String> of(String page, String formId) {
        int start = page.indexOf("id=\"" + formId + "\"");
        if (start < 0) {
            throw new AssertionError("no form " + formId + " on the page");
        }
        String form = page.substring(start, page.indexOf("</form>", start));
        MultiValueMap<String, String> values = new LinkedMultiValueMap<>();
        Matcher input = INPUT.matcher(form);
        while (input.find()) {
            String tag = input.group();
            String name = attr(tag, "name");
            String type = attr(tag, "type");
            if (name != null && !"file".equals(type)) {
                values.add(name, value(attr(tag, "value")));
            }
        }
        Matcher textarea = TEXTAREA.matcher(form);
        while (textarea.find()) {
            String name = attr(textarea.group(1), "name");
            if (name != null) {
                values.add(name, HtmlUtils.htmlUnescape(textarea.group(2)));
            }
        }
        Matcher select = SELECT.matcher(form);
        while (select.find()) {
            String name = attr(select.group(1), "name");
            if (name == null) {
                continue;
            }
            String first = null;
            String chosen = null;
            Matcher option = OPTION.matcher(select.group(2));
            while (option.find()) {
                String v = value(attr(option.group(1), "value"));
                if (first == null) {
                    first = v;
                }
                if (chosen == null && option.group(1).contains("selected")) {
                    chosen = v;
                }
            }
            values.add(name, chosen != null ? chosen : first == null ? "" : first);
        }
        return values;
    }

    private static String value(String v) {
        return v == null ? "" : HtmlUtils.htmlUnescape(v);
    }

    private static String attr(String tag, String name) {
        Matcher m = Pattern.compile("\\s" + name + "=\"([^\"]*)\"").matcher(tag);
        return m.find() ? m.group(1) : null;
    }
}
