package jp.madoguchi.platform.events;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a record as a published integration event: its wire type name and version. A version,
 * once published, is never changed: add fields, never repurpose or remove one; a new meaning is a
 * new version (a new record) and the old one stays readable.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface EventContract {
    String type();

    int version();
}
