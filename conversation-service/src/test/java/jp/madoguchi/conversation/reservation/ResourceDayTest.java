package jp.madoguchi.conversation.reservation;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import jp.madoguchi.conversation.reservation.DayMessages.BookHeldSlot;
import jp.madoguchi.conversation.reservation.DayMessages.BookSlot;
import jp.madoguchi.conversation.reservation.DayMessages.Booked;
import jp.madoguchi.conversation.reservation.DayMessages.Booker;
import jp.madoguchi.conversation.reservation.DayMessages.BookingCancelled;
import jp.madoguchi.conversation.reservation.DayMessages.By;
import jp.madoguchi.conversation.reservation.DayMessages.BookingState;
import jp.madoguchi.conversation.reservation.DayMessages.BookingStatus;
import jp.madoguchi.conversation.reservation.DayMessages.CancelBooking;
import jp.madoguchi.conversation.reservation.DayMessages.Cancellation;
import jp.madoguchi.conversation.reservation.DayMessages.DescribeBooking;
import jp.madoguchi.conversation.reservation.DayMessages.DayLayout;
import jp.madoguchi.conversation.reservation.DayMessages.Held;
import jp.madoguchi.conversation.reservation.DayMessages.HoldReleased;
import jp.madoguchi.conversation.reservation.DayMessages.HoldSlot;
import jp.madoguchi.conversation.reservation.DayMessages.JoinWaitingList;
import jp.madoguchi.conversation.reservation.DayMessages.MarkNoShow;
import jp.madoguchi.conversation.reservation.DayMessages.NoShowMarked;
import jp.madoguchi.conversation.reservation.DayMessages.Refusal;
import jp.madoguchi.conversation.reservation.DayMessages.Refused;
import jp.madoguchi.conversation.reservation.DayMessages.ReleaseHold;
import jp.madoguchi.conversation.reservation.DayMessages.ResourceDayOpened;
import jp.madoguchi.conversation.reservation.DayMessages.SlotBooked;
import jp.madoguchi.conversation.reservation.DayMessages.SlotHeld;
import jp.madoguchi.conversation.reservation.DayMessages.DescribeDay;
import jp.madoguchi.conversation.reservation.DayMessages.FreeStarts;
import jp.madoguchi.conversation.reservation.DayMessages.Source;
import jp.madoguchi.conversation.reservation.DayMessages.Waiting;
import jp.madoguchi.conversation.reservation.DayMessages.WaitingListJoined;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ResourceDayTest {

    static final String TOWN = "014834";
    static final LocalDate DAY = LocalDate.of(2026, 6, 3);
    static final String ID = DayMessages.dayId(TOWN, "hall", DAY);
    static final LocalTime NINE = LocalTime.of(9, 0);
    static final LocalTime TEN = LocalTime.of(10, 0);
    static final LocalTime ELEVEN = LocalTime.of(11, 0);
    static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");
    /** Bookable from 2026-05-04 until the end of 2026-06-02 (JST); cancel in chat until 24 hours before. */
    static final Instant WINDOW_OPENS = Instant.parse("2026-05-03T15:00:00Z");
    static final Instant WINDOW_CLOSES = Instant.parse("2026-06-02T15:00:00Z");
    static final DayLayout ONE_PLACE = layout(List.of(NINE, TEN, ELEVEN), 1);
    static final Instant LATER = T0.plusSeconds(60);
    static final Instant EXPIRES = T0.plusSeconds(600);
    static final Booker AOKI = new Booker("014834:LINE:Uaoki", "LINE", "Uaoki", "", "");
    static final Booker BABA = new Booker("014834:LINE:Ubaba", "LINE", "Ubaba", "", "");
    static final Booker CHIBA = new Booker("014834:WEB:chiba", "WEB", "chiba", "", "");
    static final ResourceDayOpened OPENED = new ResourceDayOpened(ID, TOWN, "hall", DAY, ONE_PLACE, T0);

    private AggregateTestFixture<ResourceDay> fixture;

    static DayLayout layout(List<LocalTime> starts, int capacity) {
        return new DayLayout(starts, capacity, 60, WINDOW_OPENS, WINDOW_CLOSES, 24);
    }

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(ResourceDay.class);
    }

    static HoldSlot hold(LocalTime start, String holdId, Booker booker, Instant at) {
        return new HoldSlot(ID, TOWN, "hall", DAY, ONE_PLACE, start, holdId, booker, at, at.plusSeconds(600));
    }

    static SlotBooked booked(LocalTime start, String id, Booker booker, Source source, Instant at) {
        return new SlotBooked(ID, TOWN, "hall", DAY, start, id, booker, source, "", at);
    }

    @Test
    void theFirstHoldOpensTheDayAndHoldsThePlace() {
        fixture.givenNoPriorActivity()
                .when(hold(TEN, "h1", AOKI, T0))
                .expectEvents(OPENED, new SlotHeld(ID, TEN, "h1", AOKI, T0, EXPIRES))
                .expectResultMessagePayload(new Held("h1", TEN, EXPIRES));
    }

    @Test
    void aHeldPlaceIsNotHeldTwiceAndTheNextFreeStartsAreOffered() {
        fixture.given(OPENED, new SlotHeld(ID, TEN, "h1", AOKI, T0, EXPIRES))
                .when(hold(TEN, "h2", BABA, LATER))
                .expectNoEvents()
                .expectResultMessagePayload(new Refused(Refusal.FULL, List.of(ELEVEN, NINE), false));
    }

    @Test
    void anExpiredHoldFreesItsPlace() {
        Instant afterExpiry = EXPIRES.plusSeconds(1);
        fixture.given(OPENED, new SlotHeld(ID, TEN, "h1", AOKI, T0, EXPIRES))
                .when(hold(TEN, "h2", BABA, afterExpiry))
                .expectEvents(new SlotHeld(ID, TEN, "h2", BABA, afterExpiry, afterExpiry.plusSeconds(600)));
    }

    @Test
    void aStartTheDayDoesNotOfferIsRefused() {
        fixture.given(OPENED)
                .when(hold(LocalTime.of(9, 30), "h1", AOKI, T0))
                .expectNoEvents()
                .expectResultMessagePayload(new Refused(Refusal.NOT_OFFERED, List.of(TEN, ELEVEN, NINE), false));
    }

    @Test
    void aResidentCannotBookTheSameSlotTwice() {
        DayLayout two = layout(List.of(TEN), 2);
        fixture.given(new ResourceDayOpened(ID, TOWN, "hall", DAY, two, T0), booked(TEN, "b1", AOKI, Source.RESIDENT, T0))
                .when(new HoldSlot(ID, TOWN, "hall", DAY, two, TEN, "h2", AOKI, LATER, LATER.plusSeconds(600)))
                .expectNoEvents()
                .expectResultMessagePayload(new Refused(Refusal.ALREADY_BOOKED, List.of(), false));
    }

    @Test
    void aHoldIsBookedUnderItsOwnId() {
        fixture.given(OPENED, new SlotHeld(ID, TEN, "h1", AOKI, T0, EXPIRES))
                .when(new BookHeldSlot(ID, "h1", LATER))
                .expectEvents(booked(TEN, "h1", AOKI, Source.RESIDENT, LATER))
                .expectResultMessagePayload(new Booked("h1", TEN));
    }

    @Test
    void bookingAgainAnswersAsTheFirstTimeWithoutANewEvent() {
        fixture.given(OPENED, new SlotHeld(ID, TEN, "h1", AOKI, T0, EXPIRES), booked(TEN, "h1", AOKI, Source.RESIDENT, LATER))
                .when(new BookHeldSlot(ID, "h1", LATER))
                .expectNoEvents()
                .expectResultMessagePayload(new Booked("h1", TEN));
    }

    @Test
    void anExpiredHoldIsStillBookedWhileItsPlaceIsFree() {
        Instant late = EXPIRES.plusSeconds(5);
        fixture.given(OPENED, new SlotHeld(ID, TEN, "h1", AOKI, T0, EXPIRES))
                .when(new BookHeldSlot(ID, "h1", late))
                .expectEvents(booked(TEN, "h1", AOKI, Source.RESIDENT, late));
    }

    @Test
    void anExpiredHoldWhosePlaceWentToAnotherIsLost() {
        Instant late = EXPIRES.plusSeconds(5);
        fixture.given(OPENED, new SlotHeld(ID, TEN, "h1", AOKI, T0, EXPIRES), new SlotHeld(ID, TEN, "h2", BABA, EXPIRES.plusSeconds(1),
                        EXPIRES.plusSeconds(601)))
                .when(new BookHeldSlot(ID, "h1", late))
                .expectNoEvents()
                .expectResultMessagePayload(new Refused(Refusal.HOLD_LOST, List.of(ELEVEN, NINE), false));
    }

    @Test
    void aReleasedHoldFreesThePlace() {
        fixture.given(OPENED, new SlotHeld(ID, TEN, "h1", AOKI, T0, EXPIRES))
                .when(new ReleaseHold(ID, "h1", LATER))
                .expectEvents(new HoldReleased(ID, TEN, "h1", LATER));
    }

    @Test
    void staffBookAPhoneCallerStraightAway() {
        Booker caller = Booker.phoneCaller("山田 花子", "0164-64-0000");
        fixture.givenNoPriorActivity()
                .when(new BookSlot(ID, TOWN, "hall", DAY, ONE_PLACE, NINE, "b1", caller, "staff-1", T0))
                .expectEvents(OPENED, new SlotBooked(ID, TOWN, "hall", DAY, NINE, "b1", caller, Source.STAFF, "staff-1", T0));
    }

    @Test
    void aResidentCancelsTheirBookingBeforeTheCutoff() {
        fixture.given(OPENED, booked(TEN, "b1", AOKI, Source.RESIDENT, T0))
                .when(new CancelBooking(ID, "b1", By.RESIDENT, AOKI.residentId(), "", LATER))
                .expectEvents(new BookingCancelled(ID, TOWN, "hall", DAY, TEN, "b1", AOKI, By.RESIDENT, "", LATER))
                .expectResultMessagePayload(Cancellation.CANCELLED);
    }

    @Test
    void aResidentCannotCancelAfterTheCutoff() {
        Instant lessThanADayBefore = Instant.parse("2026-06-02T01:30:00Z"); // 10:30 JST the day before a 10:00 slot
        fixture.given(OPENED, booked(TEN, "b1", AOKI, Source.RESIDENT, T0))
                .when(new CancelBooking(ID, "b1", By.RESIDENT, AOKI.residentId(), "", lessThanADayBefore))
                .expectNoEvents()
                .expectResultMessagePayload(Cancellation.TOO_LATE);
    }

    @Test
    void aResidentCannotCancelSomeoneElsesBooking() {
        fixture.given(OPENED, booked(TEN, "b1", AOKI, Source.RESIDENT, T0))
                .when(new CancelBooking(ID, "b1", By.RESIDENT, BABA.residentId(), "", LATER))
                .expectNoEvents()
                .expectResultMessagePayload(Cancellation.NOT_FOUND);
    }

    @Test
    void staffCancelAfterTheCutoffWithAMessage() {
        Instant sameDay = Instant.parse("2026-06-02T23:00:00Z");
        fixture.given(OPENED, booked(TEN, "b1", AOKI, Source.RESIDENT, T0))
                .when(new CancelBooking(ID, "b1", By.STAFF, "", "設備の点検のため", sameDay))
                .expectEvents(new BookingCancelled(ID, TOWN, "hall", DAY, TEN, "b1", AOKI, By.STAFF, "設備の点検のため", sameDay));
    }

    @Test
    void cancellingTwiceChangesNothing() {
        fixture.given(OPENED, booked(TEN, "b1", AOKI, Source.RESIDENT, T0),
                        new BookingCancelled(ID, TOWN, "hall", DAY, TEN, "b1", AOKI, By.RESIDENT, "", T0))
                .when(new CancelBooking(ID, "b1", By.RESIDENT, AOKI.residentId(), "", LATER))
                .expectNoEvents()
                .expectResultMessagePayload(Cancellation.ALREADY_CANCELLED);
    }

    @Test
    void aBookingIsDescribedWithItsStartAndTheLastMomentItCanBeChangedInChat() {
        fixture.given(OPENED, booked(TEN, "b1", AOKI, Source.RESIDENT, T0))
                .when(new DescribeBooking(ID, "b1"))
                .expectNoEvents()
                .expectResultMessagePayload(new BookingState(BookingStatus.BOOKED, TEN, AOKI, Instant.parse("2026-06-02T01:00:00Z")));
    }

    @Test
    void aCancelledBookingIsDescribedAsCancelledNotAsAnError() {
        fixture.given(OPENED, booked(TEN, "b1", AOKI, Source.RESIDENT, T0),
                        new BookingCancelled(ID, TOWN, "hall", DAY, TEN, "b1", AOKI, By.STAFF, "", T0))
                .when(new DescribeBooking(ID, "b1"))
                .expectResultMessagePayload(BookingState.CANCELLED);
    }

    @Test
    void anUnknownBookingIsDescribedAsUnknown() {
        fixture.given(OPENED)
                .when(new DescribeBooking(ID, "nope"))
                .expectResultMessagePayload(BookingState.UNKNOWN);
    }

    @Test
    void theWaitingListOpensOnlyWhenEveryPlaceIsBooked() {
        fixture.given(OPENED, booked(TEN, "b1", AOKI, Source.RESIDENT, T0))
                .when(new JoinWaitingList(ID, TOWN, "hall", DAY, ONE_PLACE, TEN, "w1", BABA, LATER))
                .expectEvents(new WaitingListJoined(ID, TEN, "w1", BABA, 1, LATER))
                .expectResultMessagePayload(new Waiting("w1", TEN, 1));
    }

    @Test
    void theDayTellsItsFreeStartsAndTheFullyBookedOnesWithAWaitingListButNoneOnceTheWindowHasClosed() {
        fixture.given(OPENED, booked(TEN, "b1", AOKI, Source.RESIDENT, T0), new SlotHeld(ID, NINE, "h1", BABA, T0, EXPIRES))
                .when(new DescribeDay(ID, LATER))
                .expectNoEvents()
                .expectResultMessagePayload(new FreeStarts(List.of(ELEVEN), List.of(TEN)));
        fixture.given(OPENED, booked(TEN, "b1", AOKI, Source.RESIDENT, T0))
                .when(new DescribeDay(ID, WINDOW_CLOSES))
                .expectResultMessagePayload(new FreeStarts(List.of(NINE, ELEVEN), List.of()));
    }

    @Test
    void aSlotThatIsOnlyHeldHasNoWaitingList() {
        fixture.given(OPENED, new SlotHeld(ID, TEN, "h1", AOKI, T0, EXPIRES))
                .when(new JoinWaitingList(ID, TOWN, "hall", DAY, ONE_PLACE, TEN, "w1", BABA, LATER))
                .expectNoEvents()
                .expectResultMessagePayload(new Refused(Refusal.FULL, List.of(ELEVEN, NINE), false));
    }

    @Test
    void aSlotWithAFreePlaceIsHeldNotWaitedFor() {
        fixture.given(OPENED)
                .when(new JoinWaitingList(ID, TOWN, "hall", DAY, ONE_PLACE, TEN, "w1", BABA, LATER))
                .expectNoEvents()
                .expectResultMessagePayload(new Refused(Refusal.PLACE_FREE, List.of(TEN), false));
    }

    @Test
    void joiningTheWaitingListAgainKeepsTheFirstPlaceInIt() {
        fixture.given(OPENED, booked(TEN, "b1", AOKI, Source.RESIDENT, T0), new WaitingListJoined(ID, TEN, "w1", BABA, 1, T0))
                .when(new JoinWaitingList(ID, TOWN, "hall", DAY, ONE_PLACE, TEN, "w2", BABA, LATER))
                .expectNoEvents()
                .expectResultMessagePayload(new Waiting("w1", TEN, 1));
    }

    @Test
    void aCancellationGivesThePlaceToTheFirstOnTheWaitingList() {
        fixture.given(OPENED, booked(TEN, "b1", AOKI, Source.RESIDENT, T0), new WaitingListJoined(ID, TEN, "w1", BABA, 1, T0),
                        new WaitingListJoined(ID, TEN, "w2", CHIBA, 2, T0))
                .when(new CancelBooking(ID, "b1", By.STAFF, "", "", LATER))
                .expectEvents(new BookingCancelled(ID, TOWN, "hall", DAY, TEN, "b1", AOKI, By.STAFF, "", LATER),
                        booked(TEN, "w1", BABA, Source.WAITING_LIST, LATER));
    }

    @Test
    void theSecondOnTheWaitingListMovesUpWhenThePromotedOneCancels() {
        fixture.given(OPENED, booked(TEN, "b1", AOKI, Source.RESIDENT, T0), new WaitingListJoined(ID, TEN, "w1", BABA, 1, T0),
                        new WaitingListJoined(ID, TEN, "w2", CHIBA, 2, T0),
                        new BookingCancelled(ID, TOWN, "hall", DAY, TEN, "b1", AOKI, By.STAFF, "", LATER),
                        booked(TEN, "w1", BABA, Source.WAITING_LIST, LATER))
                .when(new CancelBooking(ID, "w1", By.RESIDENT, BABA.residentId(), "", LATER))
                .expectEvents(new BookingCancelled(ID, TOWN, "hall", DAY, TEN, "w1", BABA, By.RESIDENT, "", LATER),
                        booked(TEN, "w2", CHIBA, Source.WAITING_LIST, LATER));
    }

    @Test
    void staffMarkANoShowOnceTheSlotHasStarted() {
        Instant afterStart = DAY.atTime(10, 30).atZone(ResourceSchedule.JAPAN).toInstant();
        fixture.given(OPENED, booked(TEN, "b1", AOKI, Source.RESIDENT, T0))
                .when(new MarkNoShow(ID, "b1", "staff-1", afterStart))
                .expectEvents(new NoShowMarked(ID, "b1", "staff-1", afterStart));
    }

    @Test
    void aNoShowCannotBeMarkedBeforeTheSlot() {
        fixture.given(OPENED, booked(TEN, "b1", AOKI, Source.RESIDENT, T0))
                .when(new MarkNoShow(ID, "b1", "staff-1", T0))
                .expectException(ReservationConflict.class);
    }

    @Test
    void aSlotForNTakesNHolds() {
        DayLayout clinic = layout(List.of(TEN, ELEVEN), 3);
        ResourceDayOpened opened = new ResourceDayOpened(ID, TOWN, "hall", DAY, clinic, T0);
        fixture.given(opened, new SlotHeld(ID, TEN, "h1", AOKI, T0, EXPIRES), new SlotHeld(ID, TEN, "h2", BABA, T0, EXPIRES))
                .when(new HoldSlot(ID, TOWN, "hall", DAY, clinic, TEN, "h3", CHIBA, LATER, EXPIRES))
                .expectEvents(new SlotHeld(ID, TEN, "h3", CHIBA, LATER, EXPIRES));
    }

    @Test
    void aSlotForNRefusesTheNPlusFirstHold() {
        DayLayout clinic = layout(List.of(TEN, ELEVEN), 3);
        ResourceDayOpened opened = new ResourceDayOpened(ID, TOWN, "hall", DAY, clinic, T0);
        Booker dan = new Booker("014834:LINE:Udan", "LINE", "Udan", "", "");
        fixture.given(opened, new SlotHeld(ID, TEN, "h1", AOKI, T0, EXPIRES), new SlotHeld(ID, TEN, "h2", BABA, T0, EXPIRES),
                        new SlotHeld(ID, TEN, "h3", CHIBA, T0, EXPIRES))
                .when(new HoldSlot(ID, TOWN, "hall", DAY, clinic, TEN, "h4", dan, LATER, EXPIRES))
                .expectNoEvents()
                .expectResultMessagePayload(new Refused(Refusal.FULL, List.of(ELEVEN), false));
    }

    @Test
    void aClosedDayOffersNoSlot() {
        DayLayout closed = layout(List.of(), 1);
        fixture.givenNoPriorActivity()
                .when(new HoldSlot(ID, TOWN, "hall", DAY, closed, TEN, "h1", AOKI, T0, EXPIRES))
                .expectEvents(new ResourceDayOpened(ID, TOWN, "hall", DAY, closed, T0))
                .expectResultMessagePayload(new Refused(Refusal.NOT_OFFERED, List.of(), false));
    }

    @Test
    void residentsCannotHoldBeforeTheWindowOpens() {
        fixture.given(OPENED)
                .when(hold(TEN, "h1", AOKI, WINDOW_OPENS.minusSeconds(1)))
                .expectNoEvents()
                .expectResultMessagePayload(new Refused(Refusal.OUTSIDE_WINDOW, List.of(), false));
    }

    @Test
    void residentsCannotHoldOnceTheWindowHasClosed() {
        fixture.given(OPENED)
                .when(hold(TEN, "h1", AOKI, WINDOW_CLOSES))
                .expectNoEvents()
                .expectResultMessagePayload(new Refused(Refusal.OUTSIDE_WINDOW, List.of(), false));
    }

    @Test
    void staffBookAPhoneCallerOutsideTheResidentsWindow() {
        Booker caller = Booker.phoneCaller("山田 花子", "0164-64-0000");
        fixture.given(OPENED)
                .when(new BookSlot(ID, TOWN, "hall", DAY, ONE_PLACE, NINE, "b1", caller, "staff-1", WINDOW_CLOSES))
                .expectEvents(new SlotBooked(ID, TOWN, "hall", DAY, NINE, "b1", caller, Source.STAFF, "staff-1", WINDOW_CLOSES));
    }
}
