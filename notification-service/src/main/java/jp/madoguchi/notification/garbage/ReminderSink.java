package jp.madoguchi.notification.garbage;

import reactor.core.publisher.Mono;

/**
 * Where due reminders go: the LINE sender implements it (deriving its retry key from {@link GarbageReminders.Reminder#key()},
 * since the scheduler may hand the same reminder over again after a restart).
 */
interface ReminderSink {

    Mono<Void> send(GarbageReminders.Reminder reminder);
}
