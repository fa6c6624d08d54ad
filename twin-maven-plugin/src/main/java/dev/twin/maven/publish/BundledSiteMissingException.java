package dev.twin.maven.publish;

import dev.twin.maven.core.TwinException;

/**
 * The twin-site jar is not on the plugin's class path (a trimmed or broken plugin installation).
 */
public final class BundledSiteMissingException extends TwinException {

    public BundledSiteMissingException() {
        super(
                "The bundled twin-site ("
                        + SiteStager.BUNDLED_ROOT
                        + "index.html) is not on the plugin's class path — "
                        + "check that dev.twin:twin-site resolves, or publish your own directory with -Dtwin.siteDir=<dir>");
    }
}
