package jp.madoguchi.platform.flow;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * One step of a procedure's flow: a message, a question, the confirmation summary or the final
 * submission. On the wire each step names its kind in {@code type} with a stable name (never a Java
 * class name), so procedure-service and conversation-service agree on flows without sharing code
 * paths beyond these records.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = Step.Message.class, name = "message"),
        @JsonSubTypes.Type(value = Step.SingleChoice.class, name = "single-choice"),
        @JsonSubTypes.Type(value = Step.MultiChoice.class, name = "multi-choice"),
        @JsonSubTypes.Type(value = Step.YesNo.class, name = "yes-no"),
        @JsonSubTypes.Type(value = Step.Text.class, name = "text"),
        @JsonSubTypes.Type(value = Step.Number.class, name = "number"),
        @JsonSubTypes.Type(value = Step.Date.class, name = "date"),
        @JsonSubTypes.Type(value = Step.DateTime.class, name = "datetime"),
        @JsonSubTypes.Type(value = Step.Location.class, name = "location"),
        @JsonSubTypes.Type(value = Step.Photo.class, name = "photo"),
        @JsonSubTypes.Type(value = Step.Reservation.class, name = "reservation"),
        @JsonSubTypes.Type(value = Step.Confirm.class, name = "confirm"),
        @JsonSubTypes.Type(value = Step.Submit.class, name = "submit")
})
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public sealed interface Step {

    String id();

    /** What the resident reads: the question, the message, or for {@link Submit} the completion message. */
    String prompt();

    /** The step that follows when no branch matches; null only for {@link Submit}. */
    String next();

    /** Answer-dependent routes; only choice and yes-no steps have any. */
    default List<Branch> branches() {
        return List.of();
    }

    /** A step that records an answer under {@link #field()}; {@link #label()} names it in the summary. */
    sealed interface Question extends Step permits SingleChoice, MultiChoice, YesNo, Text, Number, Date, DateTime, Location, Photo,
            Reservation {
        String field();

        String label();
    }

    /** Says something, then moves on without waiting. */
    record Message(String id, String prompt, String next) implements Step {
        public Message {
            requireId(id);
        }
    }

    /** Pick one option; branches by the option's value. */
    record SingleChoice(String id, String prompt, String next, String field, String label,
                        List<Option> options, ChoiceDisplay display, List<Branch> branches) implements Question {
        public SingleChoice {
            requireId(id);
            options = copy(options);
            display = display == null ? ChoiceDisplay.QUICK_REPLY : display;
            branches = copy(branches);
        }
    }

    /** Pick between {@code minSelections} and {@code maxSelections} options (default: at least one, at most all). */
    record MultiChoice(String id, String prompt, String next, String field, String label,
                       List<Option> options, Integer minSelections, Integer maxSelections) implements Question {
        public MultiChoice {
            requireId(id);
            options = copy(options);
            minSelections = minSelections == null ? 1 : minSelections;
            maxSelections = maxSelections == null ? options.size() : maxSelections;
        }
    }

    /** はい/いいえ; the answer's value for branching is {@link #YES} or {@link #NO}. */
    record YesNo(String id, String prompt, String next, String field, String label, List<Branch> branches) implements Question {
        public static final String YES = "yes";
        public static final String NO = "no";

        public YesNo {
            requireId(id);
            branches = copy(branches);
        }
    }

    /**
     * Free text, measured in characters after normalisation. {@code pattern} is a Java regular
     * expression the whole answer must match; {@code patternHint} tells the resident what is expected
     * when it does not. Required unless {@code required} is false.
     */
    record Text(String id, String prompt, String next, String field, String label,
                Integer minLength, Integer maxLength, String pattern, String patternHint, Boolean required) implements Question {
        public Text {
            requireId(id);
            required = required == null ? Boolean.TRUE : required;
        }
    }

    /** A number within [min, max] (either may be absent); whole numbers only unless {@code integerOnly} is false. */
    record Number(String id, String prompt, String next, String field, String label,
                  BigDecimal min, BigDecimal max, Boolean integerOnly, String unit) implements Question {
        public Number {
            requireId(id);
            integerOnly = integerOnly == null ? Boolean.TRUE : integerOnly;
        }
    }

    /**
     * A date between today+{@code earliestDays} and today+{@code latestDays} (Asia/Tokyo), either
     * bound optional: {@code 1} and {@code 60} mean from tomorrow to 60 days ahead.
     */
    record Date(String id, String prompt, String next, String field, String label,
                Integer earliestDays, Integer latestDays) implements Question {
        public Date {
            requireId(id);
        }
    }

    /** A date and time, the date within the same relative window as {@link Date}. */
    record DateTime(String id, String prompt, String next, String field, String label,
                    Integer earliestDays, Integer latestDays) implements Question {
        public DateTime {
            requireId(id);
        }
    }

    /** A place: the resident shares a location (or types an address). */
    record Location(String id, String prompt, String next, String field, String label) implements Question {
        public Location {
            requireId(id);
        }
    }

    /**
     * Between {@code minPhotos} (default 1) and {@code maxPhotos} (default 1) photos. Required unless
     * {@code required} is false: then the resident may go on without one (at night, or from a phone
     * without a camera), and the answer is no photos at all.
     */
    record Photo(String id, String prompt, String next, String field, String label,
                 Integer minPhotos, Integer maxPhotos, Boolean required) implements Question {
        public Photo {
            requireId(id);
            minPhotos = minPhotos == null ? 1 : minPhotos;
            maxPhotos = maxPhotos == null ? Math.max(1, minPhotos) : maxPhotos;
            required = required == null ? Boolean.TRUE : required;
        }

        /** A required photo step (the form flows had before {@code required} was added). */
        public Photo(String id, String prompt, String next, String field, String label, Integer minPhotos, Integer maxPhotos) {
            this(id, prompt, next, field, label, minPhotos, maxPhotos, null);
        }
    }

    /**
     * Books a place of the town's resource {@code resourceId} (a hall, a court, a clinic session): the
     * resident picks one of the days with a free place, then one of its free times, and confirms while the
     * place is held. The answer is the booking.
     */
    record Reservation(String id, String prompt, String next, String field, String label, String resourceId) implements Question {
        public Reservation {
            requireId(id);
        }
    }

    /** Shows the answers so far, each with 「修正する」, and a button to go ahead ({@code confirmLabel}). */
    record Confirm(String id, String prompt, String next, String confirmLabel) implements Step {
        public static final String DEFAULT_CONFIRM_LABEL = "この内容で申し込む";

        public Confirm {
            requireId(id);
            confirmLabel = confirmLabel == null || confirmLabel.isBlank() ? DEFAULT_CONFIRM_LABEL : confirmLabel;
        }
    }

    /** The last step: the application is complete and {@code prompt} is the completion message. */
    record Submit(String id, String prompt) implements Step {
        public Submit {
            requireId(id);
        }

        @Override
        @JsonIgnore
        public String next() {
            return null;
        }
    }

    private static void requireId(String id) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("a step needs an id");
        }
    }

    private static <T> List<T> copy(List<T> list) {
        return list == null ? List.of() : List.copyOf(Objects.requireNonNull(list));
    }
}
