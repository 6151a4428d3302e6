package jp.madoguchi.conversation.channel;

/**
 * What conversation-service knows of a town's LINE channel, from tenant-service's events. The
 * credentials stay sealed here; {@code LineChannels} opens them only to build the town's parser and client.
 *
 * @param channelId           null until the town's admins configured a channel
 * @param townName            the town's name, for messages to residents (null before TenantOnboarded arrives)
 * @param suspended           a suspended town's webhook accepts nothing
 */
public record TownChannel(String tenantId, String channelId, String sealedChannelSecret, String sealedAccessToken, String townName,
                          boolean suspended) {

    public boolean configured() {
        return channelId != null && sealedChannelSecret != null && sealedAccessToken != null;
    }

    @Override
    public String toString() {
        return "TownChannel[tenantId=" + tenantId + ", channelId=" + channelId + ", townName=" + townName + ", suspended=" + suspended + "]";
    }
}
