package jp.madoguchi.conversation.counter;

/**
 * Photos residents sent, on any channel, in the town's {@value #COLLECTION} collection: {@code _id} = content id
 * (what answers and events carry), the bytes, their type and who sent them. Each channel stores its own.
 */
public final class Attachments {

    public static final String COLLECTION = "attachments";

    private Attachments() {
    }
}
