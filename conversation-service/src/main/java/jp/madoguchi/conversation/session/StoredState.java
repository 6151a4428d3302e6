package jp.madoguchi.conversation.session;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.madoguchi.conversation.engine.Answer;
import jp.madoguchi.conversation.engine.ConversationState;

/**
 * The engine's {@link ConversationState} as it is stored in events: plain records without
 * polymorphism, so the event store's JSON needs no type hints and survives renamed classes.
 */
record StoredState(String procedureId, int version, String currentStepId, Map<String, StoredAnswer> answers,
                          List<String> history, String returnTo, Instant lastActivity, String status) {

    public StoredState {
        answers = answers == null ? Map.of() : new LinkedHashMap<>(answers);
        history = history == null ? List.of() : List.copyOf(history);
    }

    /** One answer; {@code kind} says which of the other fields are set. */
    public record StoredAnswer(String kind, String text, String value, String label, List<String> values, List<String> labels,
                               Boolean yes, BigDecimal number, String unit, LocalDate date, LocalDateTime dateTime,
                               Double latitude, Double longitude, List<String> contentIds) {

        static StoredAnswer of(Answer answer) {
            if (answer instanceof Answer.Text a) {
                return new StoredAnswer("text", a.text(), null, null, null, null, null, null, null, null, null, null, null, null);
            } else if (answer instanceof Answer.Choice a) {
                return new StoredAnswer("choice", null, a.value(), a.label(), null, null, null, null, null, null, null, null, null, null);
            } else if (answer instanceof Answer.Choices a) {
                return new StoredAnswer("choices", null, null, null, a.values(), a.labels(), null, null, null, null, null, null, null, null);
            } else if (answer instanceof Answer.YesNo a) {
                return new StoredAnswer("yes-no", null, null, null, null, null, a.yes(), null, null, null, null, null, null, null);
            } else if (answer instanceof Answer.Number a) {
                return new StoredAnswer("number", null, null, null, null, null, null, a.value(), a.unit(), null, null, null, null, null);
            } else if (answer instanceof Answer.Date a) {
                return new StoredAnswer("date", null, null, null, null, null, null, null, null, a.date(), null, null, null, null);
            } else if (answer instanceof Answer.DateTime a) {
                return new StoredAnswer("date-time", null, null, null, null, null, null, null, null, null, a.dateTime(), null, null, null);
            } else if (answer instanceof Answer.Location a) {
                return new StoredAnswer("location", a.address(), null, null, null, null, null, null, null, null, null,
                        a.latitude(), a.longitude(), null);
            } else if (answer instanceof Answer.Photos a) {
                return new StoredAnswer("photos", null, null, null, null, null, null, null, null, null, null, null, null, a.contentIds());
            } else if (answer instanceof Answer.Booking a) {
                // resource in value, hold in text, booking in label, waiting-list position in number; the time rides on the date-time
                return new StoredAnswer("booking", a.holdId(), a.resourceId(), a.bookingId(), null, null, null,
                        a.waitingPosition() == null ? null : BigDecimal.valueOf(a.waitingPosition()), null, a.date(),
                        a.date() == null || a.start() == null ? null : a.date().atTime(a.start()), null, null, null);
            }
            throw new IllegalArgumentException("unknown answer " + answer);
        }

        Answer toAnswer() {
            switch (kind) {
                case "text":
                    return new Answer.Text(text);
                case "choice":
                    return new Answer.Choice(value, label);
                case "choices":
                    return new Answer.Choices(values, labels);
                case "yes-no":
                    return new Answer.YesNo(Boolean.TRUE.equals(yes));
                case "number":
                    return new Answer.Number(number, unit);
                case "date":
                    return new Answer.Date(date);
                case "date-time":
                    return new Answer.DateTime(dateTime);
                case "location":
                    return new Answer.Location(latitude, longitude, text);
                case "photos":
                    return new Answer.Photos(contentIds);
                case "booking":
                    return new Answer.Booking(value, date, dateTime == null ? null : dateTime.toLocalTime(), text, label,
                            number == null ? null : number.intValueExact());
                default:
                    throw new IllegalArgumentException("unknown stored answer kind " + kind);
            }
        }

        /** The answer as other services read it: choices by value, dates ISO-8601, photos by content id. */
        String wire() {
            switch (kind) {
                case "text":
                    return text;
                case "choice":
                    return value;
                case "choices":
                    return String.join(",", values);
                case "yes-no":
                    return Boolean.TRUE.equals(yes) ? "yes" : "no";
                case "number":
                    return number.toPlainString();
                case "date":
                    return date.toString();
                case "date-time":
                    return dateTime.toString();
                case "location":
                    return text != null && !text.isBlank() ? text : latitude + "," + longitude;
                case "photos":
                    return String.join(",", contentIds);
                case "booking":
                    return label == null ? "" : dateTime + "/" + label + (number != null && number.signum() > 0 ? "/waiting-list" : "");
                default:
                    throw new IllegalArgumentException("unknown stored answer kind " + kind);
            }
        }
    }

    public static StoredState of(ConversationState state) {
        Map<String, StoredAnswer> answers = new LinkedHashMap<>();
        state.answers().forEach((field, answer) -> answers.put(field, StoredAnswer.of(answer)));
        return new StoredState(state.procedureId(), state.version(), state.currentStepId(), answers, state.history(),
                state.returnTo(), state.lastActivity(), state.status().name());
    }

    public ConversationState toState() {
        Map<String, Answer> restored = new LinkedHashMap<>();
        answers.forEach((field, answer) -> restored.put(field, answer.toAnswer()));
        return new ConversationState(procedureId, version, currentStepId, restored, history, returnTo, lastActivity,
                ConversationState.Status.valueOf(status));
    }

    /** Answers by field as published in {@code ConversationCompleted}. */
    public Map<String, String> wireAnswers() {
        Map<String, String> wire = new LinkedHashMap<>();
        answers.forEach((field, answer) -> wire.put(field, answer.wire()));
        return wire;
    }

    /** Content ids of every photo among the answers. */
    public List<String> attachments() {
        List<String> ids = new ArrayList<>();
        answers.values().stream().filter(a -> "photos".equals(a.kind())).forEach(a -> ids.addAll(a.contentIds()));
        return ids;
    }
}
