package dev.twin.maven;

import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Uploads the persona directory to the memory bucket's persona/ prefix: me.txt required, facts.json
 * checked, PDFs turned into text, UTF-8 only, size-limited, unchanged files skipped, removed files
 * deleted, every put encrypted.
 */
@Mojo(name = "upload-persona", threadSafe = true)
public class UploadPersonaMojo extends AbstractTwinMojo {

    /** Skips this goal. */
    @Parameter(property = TwinProperties.SKIP_PERSONA, defaultValue = "false")
    protected boolean skipPersona;

    @Override
    protected void run() {
        var clients = awsClients();
        // Local checks before any AWS call: a broken persona fails the same with or without a
        // stack.
        dev.twin.maven.persona.PersonaReader.read(
                personaDir.toPath(), personaMaxBytes, dev.twin.maven.core.TwinLog.silent());
        uploadPersona(clients, outputs(clients));
    }

    @Override
    protected boolean isSkipped() {
        return skipPersona;
    }

    @Override
    protected String goal() {
        return "upload-persona";
    }
}
