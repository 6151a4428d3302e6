package jp.madoguchi.platform.flow;

import java.util.Objects;

/** On a choice or yes-no step: when the answer's value is {@code whenAnswer}, continue at {@code goTo}. */
public record Branch(String whenAnswer, String goTo) {
    public Branch {
        Objects.requireNonNull(whenAnswer, "whenAnswer");
        Objects.requireNonNull(goTo, "goTo");
    }
}
