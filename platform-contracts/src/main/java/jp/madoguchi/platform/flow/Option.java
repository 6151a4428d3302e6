package jp.madoguchi.platform.flow;

import java.util.Objects;

/** One choice offered to the resident: {@code value} is what is stored and branched on, {@code label} what they see. */
public record Option(String value, String label) {
    public Option {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(label, "label");
    }
}
