package jp.madoguchi.conversation.engine;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import jp.madoguchi.platform.flow.Option;
import jp.madoguchi.platform.flow.Step;

/**
 * Reads one input as the answer to one question: validates it and says, in plain Japanese, what
 * is wrong when it is not acceptable. Multi-choice and photo questions collect over several
 * inputs before they are answered.
 */
final class AnswerReader {

    /** What an input amounts to for the current question. */
    sealed interface Reading {
    }

    /** The question is answered. */
    record Accepted(Answer answer) implements Reading {
    }

    /** Part of an answer (a toggled choice, one of several photos); the question stays open. */
    record Collecting(Answer partial, String acknowledgement) implements Reading {
    }

    /** Not acceptable; {@code why} tells the resident what to do instead. */
    record Rejected(String why) implements Reading {
    }

    Reading read(Step.Question step, ResidentInput input, Answer previous, LocalDate today) {
        if (step instanceof Step.SingleChoice s) {
            return singleChoice(s, input);
        } else if (step instanceof Step.MultiChoice s) {
            return multiChoice(s, input, previous);
        } else if (step instanceof Step.YesNo) {
            return yesNo(input);
        } else if (step instanceof Step.Text s) {
            return text(s, input);
        } else if (step instanceof Step.Number s) {
            return number(s, input);
        } else if (step instanceof Step.Date s) {
            return date(input, s.earliestDays(), s.latestDays(), false, today);
        } else if (step instanceof Step.DateTime s) {
            return date(input, s.earliestDays(), s.latestDays(), true, today);
        } else if (step instanceof Step.Location) {
            return location(input);
        } else if (step instanceof Step.Photo s) {
            return photo(s, input, previous);
        }
        throw new IllegalStateException("unknown question type " + step.getClass().getSimpleName());
    }

    private static Optional<Option> option(List<Option> options, ResidentInput input) {
        if (input instanceof ResidentInput.Choice choice) {
            return options.stream().filter(o -> o.value().equals(choice.value())).findFirst();
        }
        if (input instanceof ResidentInput.Text text) {
            String typed = Wording.normalise(text.text());
            return options.stream()
                    .filter(o -> Wording.normalise(o.label()).equals(typed) || o.value().equals(typed))
                    .findFirst();
        }
        return Optional.empty();
    }

    private Reading singleChoice(Step.SingleChoice step, ResidentInput input) {
        return option(step.options(), input)
                .<Reading>map(o -> new Accepted(new Answer.Choice(o.value(), o.label())))
                .orElse(new Rejected(Wording.PICK_FROM_BUTTONS));
    }

    private Reading multiChoice(Step.MultiChoice step, ResidentInput input, Answer previous) {
        List<String> chosen = previous instanceof Answer.Choices c ? new ArrayList<>(c.values()) : new ArrayList<>();
        if (input instanceof ResidentInput.Choice choice && ResidentInput.DONE.equals(choice.value())) {
            if (chosen.size() < step.minSelections()) {
                return new Rejected(Wording.chooseAtLeast(step.minSelections()));
            }
            return new Accepted(choices(step, chosen));
        }
        Optional<Option> picked = option(step.options(), input);
        if (picked.isEmpty()) {
            return new Rejected(Wording.PICK_FROM_BUTTONS);
        }
        String value = picked.get().value();
        if (chosen.contains(value)) {
            chosen.remove(value);
        } else if (chosen.size() >= step.maxSelections()) {
            return new Rejected(Wording.chooseAtMost(step.maxSelections()));
        } else {
            chosen.add(value);
        }
        Answer.Choices partial = choices(step, chosen);
        return new Collecting(partial, Wording.chosenSoFar(String.join("、", partial.labels())));
    }

    /** In the order the options are listed, whatever order they were tapped in. */
    private static Answer.Choices choices(Step.MultiChoice step, List<String> values) {
        List<String> ordered = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (Option o : step.options()) {
            if (values.contains(o.value())) {
                ordered.add(o.value());
                labels.add(o.label());
            }
        }
        return new Answer.Choices(ordered, labels);
    }

    private Reading yesNo(ResidentInput input) {
        Optional<Boolean> yes = Optional.empty();
        if (input instanceof ResidentInput.Choice choice) {
            yes = Step.YesNo.YES.equals(choice.value()) ? Optional.of(true)
                    : Step.YesNo.NO.equals(choice.value()) ? Optional.of(false) : Optional.empty();
        } else if (input instanceof ResidentInput.Text text) {
            yes = Wording.yesNo(text.text());
        }
        return yes.<Reading>map(y -> new Accepted(new Answer.YesNo(y))).orElse(new Rejected(Wording.PICK_YES_NO));
    }

    private Reading text(Step.Text step, ResidentInput input) {
        if (input instanceof ResidentInput.Choice choice && ResidentInput.SKIP.equals(choice.value()) && !step.required()) {
            return new Accepted(new Answer.Text(""));
        }
        if (!(input instanceof ResidentInput.Text text)) {
            return new Rejected(Wording.TYPE_TEXT);
        }
        String value = Wording.normalise(text.text());
        if (value.isEmpty()) {
            return step.required() ? new Rejected(Wording.REQUIRED) : new Accepted(new Answer.Text(""));
        }
        int length = value.codePointCount(0, value.length());
        if (step.minLength() != null && length < step.minLength()) {
            return new Rejected(Wording.minLength(step.minLength()));
        }
        if (step.maxLength() != null && length > step.maxLength()) {
            return new Rejected(Wording.maxLength(step.maxLength()));
        }
        if (step.pattern() != null && !Pattern.compile(step.pattern()).matcher(value).matches()) {
            return new Rejected(step.patternHint() != null ? step.patternHint() : Wording.PATTERN_DEFAULT);
        }
        return new Accepted(new Answer.Text(value));
    }

    private Reading number(Step.Number step, ResidentInput input) {
        String typed;
        if (input instanceof ResidentInput.Text text) {
            typed = Wording.normalise(text.text());
        } else if (input instanceof ResidentInput.Choice choice) {
            typed = Wording.normalise(choice.value());
        } else {
            return new Rejected(Wording.NOT_A_NUMBER);
        }
        if (step.unit() != null && !step.unit().isEmpty()) {
            String unit = Wording.normalise(step.unit());
            if (typed.endsWith(unit)) {
                typed = typed.substring(0, typed.length() - unit.length()).strip();
            }
        }
        typed = typed.replace(",", "").replace("、", "");
        BigDecimal value;
        try {
            value = new BigDecimal(typed);
        } catch (NumberFormatException e) {
            return new Rejected(Wording.NOT_A_NUMBER);
        }
        if (step.integerOnly() && value.stripTrailingZeros().scale() > 0) {
            return new Rejected(Wording.WHOLE_NUMBER);
        }
        if ((step.min() != null && value.compareTo(step.min()) < 0) || (step.max() != null && value.compareTo(step.max()) > 0)) {
            return new Rejected(Wording.numberRange(step.min(), step.max(), step.unit()));
        }
        if (step.integerOnly()) {
            value = value.setScale(0);
        }
        return new Accepted(new Answer.Number(value, step.unit()));
    }

    private Reading date(ResidentInput input, Integer earliest, Integer latest, boolean withTime, LocalDate today) {
        LocalDate date;
        java.time.LocalTime time;
        if (input instanceof ResidentInput.DateTime picked) {
            date = picked.date();
            time = picked.time();
        } else if (input instanceof ResidentInput.Text text) {
            Optional<Wording.ParsedDate> parsed = Wording.parseDate(text.text(), today);
            if (parsed.isEmpty()) {
                return new Rejected(Wording.NOT_A_DATE);
            }
            date = parsed.get().date();
            time = parsed.get().time();
        } else {
            return new Rejected(Wording.NOT_A_DATE);
        }
        if ((earliest != null && date.isBefore(today.plusDays(earliest))) || (latest != null && date.isAfter(today.plusDays(latest)))) {
            return new Rejected(Wording.dateWindow(earliest, latest, today));
        }
        if (!withTime) {
            return new Accepted(new Answer.Date(date));
        }
        if (time == null) {
            return new Rejected(Wording.NEED_TIME);
        }
        return new Accepted(new Answer.DateTime(LocalDateTime.of(date, time)));
    }

    private Reading location(ResidentInput input) {
        if (input instanceof ResidentInput.Location shared) {
            String address = shared.address() == null ? null : Wording.normalise(shared.address());
            return new Accepted(new Answer.Location(shared.latitude(), shared.longitude(), address));
        }
        if (input instanceof ResidentInput.Text text) {
            String address = Wording.normalise(text.text());
            if (!address.isEmpty() && address.length() <= 200) {
                return new Accepted(new Answer.Location(null, null, address));
            }
        }
        return new Rejected(Wording.SEND_LOCATION);
    }

    private Reading photo(Step.Photo step, ResidentInput input, Answer previous) {
        List<String> photos = previous instanceof Answer.Photos p ? new ArrayList<>(p.contentIds()) : new ArrayList<>();
        boolean skips = input instanceof ResidentInput.Choice choice && ResidentInput.SKIP.equals(choice.value())
                || input instanceof ResidentInput.Text text && Wording.noPhoto(text.text());
        // photos of an earlier pass (a full set) may be dropped; photos sent just now are kept, and 送り終わった finishes them
        boolean nonePending = photos.isEmpty() || photos.size() >= step.maxPhotos();
        if (skips && !step.required() && nonePending) {
            return new Accepted(new Answer.Photos(List.of()));
        }
        if (input instanceof ResidentInput.Choice choice && ResidentInput.DONE.equals(choice.value())) {
            if (photos.size() < Math.max(1, step.minPhotos())) {
                return new Rejected(Wording.photosAtLeast(Math.max(1, step.minPhotos())));
            }
            return new Accepted(new Answer.Photos(photos));
        }
        if (!(input instanceof ResidentInput.Photo photo)) {
            return new Rejected(step.required() || !nonePending ? Wording.SEND_PHOTO : Wording.SEND_PHOTO_OR_SKIP);
        }
        if (photos.size() >= step.maxPhotos()) {
            // a full set is from an earlier pass (戻る or 修正する): the resident is sending them again
            photos.clear();
        }
        photos.add(photo.contentId());
        if (photos.size() == step.maxPhotos()) {
            return new Accepted(new Answer.Photos(photos));
        }
        return new Collecting(new Answer.Photos(photos), Wording.photoReceived(photos.size(), step.maxPhotos()));
    }
}
