package io.drkit.standby;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import io.drkit.core.config.SettingChecks;

/**
 * {@code drkit.standby.*}. A record of its own rather than a component of DrkitProperties: only the
 * standby, {@code status} and the daemon read it.
 *
 * @param targetUrl the standby database the daemon keeps following; unset, the daemon runs no follower
 * @param poll how often a follower looks for a new point in the repository
 */
@ConfigurationProperties("drkit.standby")
public record StandbySettings(String targetUrl, @DefaultValue("30s") Duration poll) {

    public StandbySettings {
        SettingChecks.positive(poll, "drkit.standby.poll", "30s");
        targetUrl = targetUrl == null || targetUrl.isBlank() ? null : targetUrl;
    }
}
