package dev.twin.maven;

import dev.twin.maven.cdn.InvalidationConfig;
import dev.twin.maven.core.TwinLog;
import dev.twin.maven.persona.PersonaReader;
import dev.twin.maven.publish.PublishConfig;
import dev.twin.maven.workflow.ShipSettings;
import dev.twin.maven.workflow.Shipping;
import java.io.File;
import java.time.Duration;
import java.util.Optional;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Uploads the persona directory to the memory bucket's persona/ prefix: me.txt required, facts.json
 * checked, PDFs turned into text, UTF-8 only, size-limited, unchanged files skipped, removed files
 * deleted, every put encrypted.
 */
@Mojo(name = "upload-persona", threadSafe = true)
public class UploadPersonaMojo extends AbstractAwsMojo {

    /** Skips this goal. */
    @Parameter(property = TwinProperties.SKIP_PERSONA, defaultValue = "false")
    protected boolean skipPersona;

    /**
     * The persona directory: me.txt (required), summary.txt, style.txt, facts.json, other .txt/.md,
     * PDFs.
     */
    @Parameter(property = TwinProperties.PERSONA_DIR, defaultValue = "${project.basedir}/persona")
    protected File personaDir;

    /** Limit of the persona's total text in bytes (all of it goes into every prompt). */
    @Parameter(property = TwinProperties.PERSONA_MAX_BYTES, defaultValue = "262144")
    protected long personaMaxBytes;

    @Override
    protected void run() {
        stackName();
        // Local checks before any AWS call: a broken persona fails the same with or without a
        // stack.
        PersonaReader.read(personaDir.toPath(), personaMaxBytes, TwinLog.silent());
        Shipping shipping = shipping();
        shipping.uploadPersona(shipping.outputs());
    }

    @Override
    protected boolean isSkipped() {
        return skipPersona;
    }

    private Shipping shipping() {
        return new Shipping(
                awsClients(),
                paths(),
                stackName(),
                new ShipSettings(
                        personaDir.toPath(),
                        personaMaxBytes,
                        Optional.empty(),
                        Optional.empty(),
                        siteConfig(null, null, null, null, null),
                        "",
                        PublishConfig.DEFAULT_THREADS,
                        false,
                        false,
                        Duration.ofSeconds(600),
                        InvalidationConfig.DEFAULT_MAX_PATHS),
                getClass().getClassLoader(),
                log());
    }

    @Override
    protected String goal() {
        return "upload-persona";
    }
}
