package dev.twin.maven.cdk;

import dev.twin.contract.TwinEnvironment;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The CDK CLI's {@code --require-approval} for a deploy: {@code broadening} (asks before IAM or
 * security-group changes that widen access) for prod with a terminal, {@code never} for dev and
 * staging, in batch mode ({@code -B}, {@code CI=true}) or with {@code -Dtwin.approve=never}.
 */
public enum Approval {
    NEVER("never"),
    BROADENING("broadening");

    private final String cliValue;

    Approval(String cliValue) {
        this.cliValue = cliValue;
    }

    public String cliValue() {
        return cliValue;
    }

    /**
     * @param requested {@code -Dtwin.approve}: {@code never}, {@code broadening} or null (decide)
     * @param interactive false in Maven's batch mode
     * @param terminal whether a console is attached
     */
    public static Approval decide(
            TwinEnvironment env,
            String requested,
            boolean interactive,
            boolean terminal,
            Map<String, String> environment) {
        if (requested != null && !requested.isBlank()) {
            String value = requested.strip().toLowerCase(Locale.ROOT);
            for (Approval a : values()) {
                if (a.cliValue.equals(value)) {
                    return a;
                }
            }
            throw new InvalidStackConfigException(
                    "twin.approve must be never or broadening, was '" + requested.strip() + "'",
                    List.of("twin.approve=" + requested.strip()));
        }
        boolean ci = "true".equalsIgnoreCase(environment.getOrDefault("CI", ""));
        if (env.isProtected() && interactive && terminal && !ci) {
            return BROADENING;
        }
        return NEVER;
    }
}
