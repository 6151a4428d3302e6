package jp.madoguchi.conversation.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import jp.madoguchi.platform.flow.FlowDefinition;
import jp.madoguchi.platform.flow.Step;
import jp.madoguchi.conversation.engine.ConversationState.Status;
import jp.madoguchi.conversation.engine.Turn.Outcome;

/**
 * Runs a procedure's flow one resident input at a time: validates the answer, chooses the next
 * step, handles 戻る / やめる / はじめから / 修正する, and offers to resume after a long pause.
 * Stateless: everything it needs is in the {@link FlowDefinition} and the {@link ConversationState}
 * passed in, so the session aggregate decides and stores, and this class only computes.
 * {@link Questions} words each question, {@link FlowPaths} follows the flow's branches, and
 * {@link ReservationStep} serves reservation steps.
 */
public final class ConversationEngine {

    /** Dates residents pick are calendar days in Japan. */
    public static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

    /** The most values of a number question offered to tap; a wider range is typed. */
    public static final int MAX_TAPPABLE_NUMBERS = 12;

    private final Clock clock;
    private final Duration idleTimeout;
    private final AnswerReader reader = new AnswerReader();
    private final Reservations reservations;
    private final Questions questions;

    /** @param idleTimeout after this long without input, the next input is answered with 「前回の続きから始めますか？」 */
    public ConversationEngine(Clock clock, Duration idleTimeout) {
        this(clock, idleTimeout, Reservations.NONE);
    }

    private ConversationEngine(Clock clock, Duration idleTimeout, Reservations reservations) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.idleTimeout = Objects.requireNonNull(idleTimeout, "idleTimeout");
        this.reservations = Objects.requireNonNull(reservations, "reservations");
        this.questions = new Questions(reservations);
    }

    /** This engine, with reservation steps served by {@code desk} on behalf of the resident whose turn it is. */
    public ConversationEngine serving(Reservations desk) {
        return new ConversationEngine(clock, idleTimeout, desk);
    }

    public Turn start(FlowDefinition flow) {
        return start(flow, clock.instant());
    }

    public Turn handle(FlowDefinition flow, ConversationState state, ResidentInput input) {
        return handle(flow, state, input, clock.instant());
    }

    /** Starts {@code flow} for a resident: says its opening messages and asks the first question. */
    public Turn start(FlowDefinition flow, Instant now) {
        ConversationState fresh = ConversationState.begin(flow.procedureId(), flow.version(), now);
        return enter(flow, fresh, flow.firstStepId(), new ArrayList<>(), today(now));
    }

    /**
     * Applies one input to a conversation.
     *
     * @throws IllegalArgumentException when {@code flow} is not the version {@code state} is pinned to
     */
    public Turn handle(FlowDefinition flow, ConversationState state, ResidentInput input, Instant now) {
        if (!flow.procedureId().equals(state.procedureId()) || flow.version() != state.version()) {
            throw new IllegalArgumentException("conversation is pinned to " + state.procedureId() + " v" + state.version()
                    + ", not " + flow.procedureId() + " v" + flow.version());
        }
        LocalDate today = today(now);
        ResidentInput command = input instanceof ResidentInput.Text text
                ? Wording.command(text.text()).orElse(input)
                : input;
        if (command instanceof ResidentInput.Choice choice && choice.value() != null && choice.value().startsWith("cmd:")) {
            command = ResidentInput.fromPostback(choice.value());
        }
        if (state.status() == Status.COMPLETED
                || (state.status() == Status.CANCELLED && !(command instanceof ResidentInput.Restart))) {
            return new Turn(state, List.of(new Reply.Say(Wording.ALREADY_FINISHED)), Outcome.INVALID);
        }
        if (command instanceof ResidentInput.Cancel) {
            return new Turn(state.withStatus(Status.CANCELLED).touched(now), List.of(new Reply.Say(Wording.CANCELLED)), Outcome.CANCELLED);
        }
        if (command instanceof ResidentInput.Restart) {
            return restart(flow, now);
        }
        if (state.status() == Status.EXPIRED) {
            return resumeOrStartOver(flow, state, command, now);
        }
        if (Duration.between(state.lastActivity(), now).compareTo(idleTimeout) > 0) {
            return new Turn(state.withStatus(Status.EXPIRED).touched(now), List.of(Questions.resumeQuestion()), Outcome.CONTINUE);
        }
        ConversationState touched = state.touched(now);
        if (command instanceof ResidentInput.Back) {
            return back(flow, touched, today);
        }
        if (command instanceof ResidentInput.Edit edit) {
            return edit(flow, touched, edit.field(), today);
        }
        Step current = flow.requireStep(state.currentStepId());
        if (current instanceof Step.Confirm confirm) {
            return confirm(flow, touched, confirm, command, today);
        }
        Step.Question question = (Step.Question) current;
        AnswerReader.Reading reading = question instanceof Step.Reservation r
                ? ReservationStep.read(r, command, state.answers().get(question.field()), reservations)
                : reader.read(question, command, state.answers().get(question.field()), today);
        if (reading instanceof AnswerReader.Rejected rejected) {
            return rejected(flow, touched, rejected.why(), today);
        }
        if (reading instanceof AnswerReader.Collecting collecting) {
            ConversationState collected = touched.withAnswer(question.field(), collecting.partial());
            return new Turn(collected, List.of(questions.ask(flow, collected, question, collecting.acknowledgement(), today)), Outcome.CONTINUE);
        }
        Answer answer = ((AnswerReader.Accepted) reading).answer();
        return answered(flow, touched.withAnswer(question.field(), answer), question, answer, today);
    }

    private Turn restart(FlowDefinition flow, Instant now) {
        ConversationState fresh = ConversationState.begin(flow.procedureId(), flow.version(), now);
        List<Reply> replies = new ArrayList<>();
        replies.add(new Reply.Say(Wording.RESTARTING));
        return enter(flow, fresh, flow.firstStepId(), replies, today(now));
    }

    private Turn resumeOrStartOver(FlowDefinition flow, ConversationState state, ResidentInput input, Instant now) {
        Optional<Boolean> resume = Optional.empty();
        if (input instanceof ResidentInput.Choice choice) {
            resume = ResidentInput.RESUME.equals(choice.value()) ? Optional.of(true)
                    : ResidentInput.START_OVER.equals(choice.value()) ? Optional.of(false) : Optional.empty();
        } else if (input instanceof ResidentInput.Text text) {
            resume = Wording.yesNo(text.text());
        }
        if (resume.isEmpty()) {
            return new Turn(state.touched(now), List.of(new Reply.Say(Wording.ANSWER_RESUME), Questions.resumeQuestion()), Outcome.INVALID);
        }
        if (!resume.get()) {
            return restart(flow, now);
        }
        ConversationState active = state.withStatus(Status.ACTIVE).touched(now);
        List<Reply> replies = new ArrayList<>();
        replies.add(new Reply.Say(Wording.RESUMING));
        replies.add(questions.ask(flow, active, flow.requireStep(active.currentStepId()), null, today(now)));
        return new Turn(active, replies, Outcome.CONTINUE);
    }

    private Turn back(FlowDefinition flow, ConversationState state, LocalDate today) {
        if (state.history().isEmpty()) {
            return rejected(flow, state, Wording.AT_FIRST_QUESTION, today);
        }
        List<String> history = new ArrayList<>(state.history());
        String previous = history.remove(history.size() - 1);
        Step step = flow.requireStep(previous);
        // going back from a correction lands on the summary, which ends the correction
        String returnTo = step instanceof Step.Confirm ? null : state.returnTo();
        ConversationState moved = state.withHistory(history, returnTo).at(previous);
        return new Turn(moved, List.of(questions.ask(flow, moved, step, null, today)), Outcome.CONTINUE);
    }

    private Turn edit(FlowDefinition flow, ConversationState state, String field, LocalDate today) {
        Step current = flow.requireStep(state.currentStepId());
        Optional<Step.Question> question = flow.questionFor(field);
        if (!(current instanceof Step.Confirm) || question.isEmpty() || !state.history().contains(question.get().id())) {
            return rejected(flow, state, Wording.CANNOT_EDIT_NOW, today);
        }
        List<String> history = new ArrayList<>(state.history());
        history.add(current.id());
        ConversationState editing = state.withHistory(history, current.id()).at(question.get().id());
        return new Turn(editing, List.of(questions.ask(flow, editing, question.get(), Wording.editing(question.get().label()) + "\n" + question.get().prompt(), today)),
                Outcome.CONTINUE);
    }

    private Turn confirm(FlowDefinition flow, ConversationState state, Step.Confirm confirm, ResidentInput input, LocalDate today) {
        boolean accepted = input instanceof ResidentInput.Choice choice && ResidentInput.CONFIRM.equals(choice.value())
                || input instanceof ResidentInput.Text text
                && (Wording.normalise(text.text()).equals(Wording.normalise(confirm.confirmLabel()))
                || Wording.yesNo(text.text()).orElse(false));
        if (!accepted) {
            return rejected(flow, state, Wording.confirmOrEdit(confirm.confirmLabel()), today);
        }
        return enter(flow, state.pushed(confirm.id()), confirm.next(), new ArrayList<>(), today);
    }

    private Turn answered(FlowDefinition flow, ConversationState state, Step.Question question, Answer answer, LocalDate today) {
        String next = FlowPaths.route(question, answer);
        List<Reply> said = new ArrayList<>();
        if (answer instanceof Answer.Booking booking && booking.bookingId() != null) {
            said.add(ReservationStep.booked(booking, reservations));
        }
        if (state.returnTo() == null) {
            return enter(flow, state.pushed(question.id()), next, said, today);
        }
        // a correction from the summary: the path as it was before the summary, without the summary itself
        List<String> path = new ArrayList<>(state.history().subList(0, state.history().size() - 1));
        int at = path.indexOf(question.id());
        String followedBefore = at + 1 < path.size() ? path.get(at + 1) : state.returnTo();
        if (FlowPaths.firstInteractive(flow, next).equals(followedBefore)) {
            ConversationState back = state.withHistory(path, null);
            return enter(flow, back, state.returnTo(), said, today);
        }
        // the new answer leads elsewhere: the questions of the old route no longer apply
        Map<String, Answer> answers = new LinkedHashMap<>(state.answers());
        for (String dropped : path.subList(at + 1, path.size())) {
            if (flow.requireStep(dropped) instanceof Step.Question q) {
                answers.remove(q.field());
            }
        }
        ConversationState rerouted = state.withAnswers(answers).withHistory(path.subList(0, at + 1), null);
        return enter(flow, rerouted, next, said, today);
    }

    /** Moves to {@code stepId}: says any messages on the way, then asks, or completes at the submit step. */
    private Turn enter(FlowDefinition flow, ConversationState state, String stepId, List<Reply> replies, LocalDate today) {
        String id = stepId;
        for (int hops = 0; hops <= flow.steps().size(); hops++) {
            Step step = flow.requireStep(id);
            if (step instanceof Step.Message message) {
                replies.add(new Reply.Say(Questions.withFeeTotal(flow, state, message.prompt())));
                id = message.next();
            } else if (step instanceof Step.Submit submit) {
                replies.add(new Reply.Say(Questions.withFeeTotal(flow, state, submit.prompt()) + "\n" + Wording.RECEIPT_FOLLOWS));
                ConversationState done = state.withAnswers(FlowPaths.answersOnPath(flow, state)).at(submit.id()).withStatus(Status.COMPLETED);
                return new Turn(done, replies, Outcome.COMPLETED);
            } else {
                ConversationState at = state.at(id);
                replies.add(questions.ask(flow, at, step, null, today));
                return new Turn(at, replies, Outcome.CONTINUE);
            }
        }
        throw new IllegalStateException("flow " + flow.procedureId() + " loops through messages at " + stepId);
    }

    private Turn rejected(FlowDefinition flow, ConversationState state, String why, LocalDate today) {
        Step current = flow.requireStep(state.currentStepId());
        return new Turn(state, List.of(new Reply.Say(why), questions.ask(flow, state, current, null, today)), Outcome.INVALID);
    }

    private static LocalDate today(Instant now) {
        return LocalDate.ofInstant(now, TOKYO);
    }
}
