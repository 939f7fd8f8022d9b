package io.upsfleet.alert.channel;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** All {@link AlertChannel} beans by name; a new channel is just another bean. */
@ApplicationScoped
public class Channels {

    private final Map<String, AlertChannel> byName = new TreeMap<>();

    @Inject
    Channels(Instance<AlertChannel> all) {
        for (AlertChannel channel : all) {
            byName.put(channel.name(), channel);
        }
    }

    public Optional<AlertChannel> byName(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public Set<String> names() {
        return byName.keySet();
    }

    /** Each channel by name: true if it sends one delivery per recipient (email), false if it has its own endpoint. */
    public Map<String, Boolean> perRecipient() {
        Map<String, Boolean> out = new TreeMap<>();
        byName.forEach((name, channel) -> out.put(name, channel.perRecipient()));
        return out;
    }
}
