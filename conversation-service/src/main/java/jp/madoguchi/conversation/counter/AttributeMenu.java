package jp.madoguchi.conversation.counter;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.madoguchi.conversation.engine.Reply;
import jp.madoguchi.conversation.resident.ResidentAttributes;
import jp.madoguchi.conversation.resident.ResidentAttributes.Option;

/**
 * 「登録情報」: the resident sees what they gave, gives or changes each attribute after an explicit
 * consent question, and withdraws any of them. Stateless: every step is a postback.
 *
 * <pre>
 * attrs | attrs:view                   what was given, and what can be done
 * attrs:set:&lt;key&gt;                     the choices of one attribute
 * attrs:pick:&lt;key&gt;=&lt;value&gt;            the consent question for that choice
 * attrs:consent:&lt;key&gt;=&lt;value&gt;         ConsentResidentAttribute
 * attrs:withdraw                       which one to take back
 * attrs:withdraw:&lt;key&gt; | attrs:withdraw:*   WithdrawResidentAttribute
 * </pre>
 */
final class AttributeMenu {

    static final String PREFIX = "attrs";
    /** Typed words (after NFKC, without spaces) that open the menu. */
    static final java.util.Set<String> WORDS = java.util.Set.of("登録情報", "登録した情報", "登録した情報を見る");
    static final String NOTHING_YET = "まだ何も登録していません。";
    static final String PURPOSE = "登録した情報は、町からのお知らせを必要な方に届けるためだけに使います。いつでも変更・取り消しできます。";

    /** A parsed postback of this menu. */
    sealed interface Action {
    }

    record View() implements Action {
    }

    record Choose(String key) implements Action {
    }

    record Pick(String key, String value) implements Action {
    }

    record Consent(String key, String value) implements Action {
    }

    record WithdrawMenu() implements Action {
    }

    record Withdraw(String key) implements Action {
    }

    private AttributeMenu() {
    }

    static boolean isMine(String data) {
        return data.equals(PREFIX) || data.startsWith(PREFIX + ":");
    }

    static Action parse(String data) {
        String rest = data.equals(PREFIX) ? "" : data.substring(PREFIX.length() + 1);
        if (rest.startsWith("set:") && ResidentAttributes.known(rest.substring(4))) {
            return new Choose(rest.substring(4));
        }
        if (rest.startsWith("pick:") || rest.startsWith("consent:")) {
            String pair = rest.substring(rest.indexOf(':') + 1);
            int eq = pair.indexOf('=');
            if (eq > 0 && ResidentAttributes.known(pair.substring(0, eq))) {
                String key = pair.substring(0, eq);
                String value = pair.substring(eq + 1);
                return rest.startsWith("pick:") ? new Pick(key, value) : new Consent(key, value);
            }
        }
        if (rest.equals("withdraw")) {
            return new WithdrawMenu();
        }
        if (rest.startsWith("withdraw:")) {
            String key = rest.substring("withdraw:".length());
            if (key.equals("*") || ResidentAttributes.known(key)) {
                return new Withdraw(key);
            }
        }
        return new View();
    }

    /** Whether {@code value} is one of the choices of {@code key}. */
    static boolean valid(String key, String value, List<Option> districts) {
        return ResidentAttributes.options(key, districts).stream().anyMatch(o -> o.value().equals(value));
    }

    /** What was given and what can be done, after {@code intro} (may be null). */
    static List<Reply> overview(String intro, Map<String, String> current, List<Option> districts) {
        StringBuilder text = new StringBuilder();
        if (intro != null) {
            text.append(intro).append("\n\n");
        }
        if (current.isEmpty()) {
            text.append(NOTHING_YET);
        } else {
            text.append("登録した情報");
            ResidentAttributes.NAMES.forEach((key, name) -> {
                if (current.containsKey(key)) {
                    text.append("\n・").append(name).append("：").append(ResidentAttributes.label(key, current.get(key), districts));
                }
            });
        }
        text.append("\n\n").append(PURPOSE);
        List<Reply.QuickOption> options = new ArrayList<>();
        ResidentAttributes.NAMES.forEach((key, name) -> {
            if (!key.equals(ResidentAttributes.DISTRICT) || !districts.isEmpty()) {
                options.add(new Reply.QuickOption(name + (current.containsKey(key) ? "を変更" : "を登録"), PREFIX + ":set:" + key));
            }
        });
        options.add(new Reply.QuickOption("登録した情報を見る", PREFIX + ":view"));
        if (!current.isEmpty()) {
            options.add(new Reply.QuickOption("取り消す", PREFIX + ":withdraw"));
        }
        return List.of(new Reply.Ask(text.toString(), options));
    }

    static List<Reply> choices(String key, List<Option> districts) {
        List<Reply.QuickOption> options = new ArrayList<>();
        for (Option o : ResidentAttributes.options(key, districts)) {
            if (options.size() == 12) {
                break; // 13 quick replies at most, one kept for "back"
            }
            options.add(new Reply.QuickOption(o.label(), PREFIX + ":pick:" + key + "=" + o.value()));
        }
        options.add(new Reply.QuickOption("やめる", PREFIX));
        return List.of(new Reply.Ask(ResidentAttributes.NAMES.get(key) + "を選んでください。", options));
    }

    static List<Reply> consentQuestion(String key, String value, List<Option> districts) {
        String label = ResidentAttributes.label(key, value, districts);
        return List.of(new Reply.Ask(ResidentAttributes.NAMES.get(key) + "を「" + label + "」として登録します。\n" + PURPOSE
                + "\n同意して登録しますか？", List.of(
                new Reply.QuickOption("同意して登録する", PREFIX + ":consent:" + key + "=" + value),
                new Reply.QuickOption("やめる", PREFIX))));
    }

    static List<Reply> withdrawMenu(Map<String, String> current) {
        if (current.isEmpty()) {
            return List.of(new Reply.Say(NOTHING_YET));
        }
        List<Reply.QuickOption> options = new ArrayList<>();
        ResidentAttributes.NAMES.forEach((key, name) -> {
            if (current.containsKey(key)) {
                options.add(new Reply.QuickOption(name, PREFIX + ":withdraw:" + key));
            }
        });
        options.add(new Reply.QuickOption("すべて取り消す", PREFIX + ":withdraw:*"));
        options.add(new Reply.QuickOption("やめる", PREFIX));
        return List.of(new Reply.Ask("取り消す情報を選んでください。", options));
    }

    static Optional<String> nameOf(String key) {
        return Optional.ofNullable(ResidentAttributes.NAMES.get(key));
    }
}
