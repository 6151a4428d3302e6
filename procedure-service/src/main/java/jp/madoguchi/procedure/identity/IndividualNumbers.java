package jp.madoguchi.procedure.identity;

import java.text.Normalizer;

/** Recognises text that may be an individual number (12 digits, maybe spaced), so it is never stored or passed on. */
final class IndividualNumbers {

    private IndividualNumbers() {
    }

    static boolean looksLikeOne(String text) {
        if (text == null) {
            return false;
        }
        String digits = Normalizer.normalize(text, Normalizer.Form.NFKC).replaceAll("[\\s-]", "");
        return digits.matches(".*(?<!\\d)\\d{12}(?!\\d).*");
    }
}
