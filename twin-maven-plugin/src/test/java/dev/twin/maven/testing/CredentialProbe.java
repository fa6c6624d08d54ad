package dev.twin.maven.testing;

import dev.twin.maven.core.AwsClients;
import dev.twin.maven.core.AwsSettings;
import dev.twin.maven.core.TwinException;
import dev.twin.maven.publish.ObjectStore;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Not a test: run in a child JVM by the credential tests, so that {@code HOME} (where the SDK looks
 * for {@code ~/.aws/sso/cache}) and the {@code AWS_*} variables are the test's own. Builds the
 * plugin's AWS clients for {@code <profile>} (or none) exactly as a goal does — no endpoint
 * override, so {@code AWS_ENDPOINT_URL_*} decide — and puts one object. Prints {@code PUT-OK}, or
 * {@code TWIN-ERROR <class>: <message>} and exits 3. Usage: {@code CredentialProbe <bucket> <key>
 * <profile or -> [batch|interactive]}.
 */
public final class CredentialProbe {

    private CredentialProbe() {}

    public static void main(String[] args) {
        String profile = "-".equals(args[2]) ? null : args[2];
        boolean interactive = args.length > 3 && "interactive".equals(args[3]);
        AwsSettings settings = AwsSettings.of(null, profile, Map.of()).withInteractive(interactive);
        try (AwsClients clients = new AwsClients(settings)) {
            clients.requireCredentials();
            clients.objectStore()
                    .put(
                            args[0],
                            args[1],
                            "signed by the probe".getBytes(StandardCharsets.UTF_8),
                            new ObjectStore.PutHeaders("text/plain", null, Map.of(), null));
            System.out.println("PUT-OK");
        } catch (TwinException e) {
            System.out.println(
                    "TWIN-ERROR " + e.getClass().getSimpleName() + ": " + e.getMessage());
            System.exit(3);
        }
    }
}
