package jp.madoguchi.procedure.definition;

/**
 * Something that keeps a flow from being published: the step it is about ({@code null} when it is
 * about the whole flow or its fee table) and, in Japanese, what the staff member should change.
 */
record FlowProblem(String stepId, String message) {
}
