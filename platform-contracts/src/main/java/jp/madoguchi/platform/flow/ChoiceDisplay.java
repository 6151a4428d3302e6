package jp.madoguchi.platform.flow;

/**
 * How a single-choice step shows its options: as quick-reply chips under the question, or as
 * buttons in the message (for long labels, or more options than quick replies allow).
 */
public enum ChoiceDisplay {
    QUICK_REPLY,
    BUTTONS
}
