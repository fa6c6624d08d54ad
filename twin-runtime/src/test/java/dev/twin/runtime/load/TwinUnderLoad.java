package dev.twin.runtime.load;

import dev.twin.runtime.Settings;
import dev.twin.runtime.TestSettings;
import dev.twin.runtime.Wiring;
import dev.twin.runtime.adapter.local.BundledPersonaSource;
import dev.twin.runtime.adapter.local.LocalConversationStore;
import dev.twin.runtime.adapter.offline.OfflineChatModel;
import dev.twin.runtime.adapter.s3.S3ConversationStore;
import dev.twin.runtime.adapter.s3.S3ProxyServer;
import dev.twin.runtime.local.DevServer;
import dev.twin.runtime.observe.Telemetry;
import dev.twin.runtime.port.ConversationStore;
import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Test fixture: the local server ({@link DevServer}) wired as {@code twin:run} wires it (offline
 * model, bundled sample persona, default limits) over the conversation store under test: the S3
 * store on a forked s3proxy 4.1.0, or the local directory store.
 */
final class TwinUnderLoad implements AutoCloseable {

    /** The conversation stores the load runs against. */
    enum Store {
        S3,
        LOCAL;

        static Store parse(String name) {
            try {
                return valueOf(name.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "unknown store '" + name + "': use s3 or local", e);
            }
        }

        String label() {
            return this == S3 ? "S3 (s3proxy 4.1.0, forked, transient-nio2)" : "local directory";
        }
    }

    static final String TWIN_NAME = "Ada Quill";
    static final String BUCKET = "twin-load";

    private final DevServer server;
    private final S3Client s3;
    private final S3ProxyServer ownProxy;

    private TwinUnderLoad(DevServer server, S3Client s3, S3ProxyServer ownProxy) {
        this.server = server;
        this.s3 = s3;
        this.ownProxy = ownProxy;
    }

    /**
     * Starts the server on a free loopback port.
     *
     * @param memoryDir the local store's directory (unused for S3)
     * @param proxy an s3proxy to use (S3 only); {@code null} starts one owned (and stopped) by this
     *     fixture
     */
    static TwinUnderLoad start(
            Store store, Path memoryDir, S3ProxyServer proxy, Telemetry telemetry)
            throws Exception {
        S3Client s3 = null;
        S3ProxyServer own = null;
        ConversationStore conversations;
        if (store == Store.S3) {
            if (proxy == null) {
                own = S3ProxyServer.start();
                proxy = own;
            }
            s3 = proxy.client();
            // a bucket per run: a shared s3proxy keeps the conversations of earlier runs
            String bucket = BUCKET + "-" + Long.toHexString(System.nanoTime());
            s3.createBucket(b -> b.bucket(bucket));
            conversations = new S3ConversationStore(s3, bucket);
        } else {
            conversations = new LocalConversationStore(memoryDir);
        }
        BundledPersonaSource persona = new BundledPersonaSource();
        // the cost guard is off: one client replaying 50 conversations at full speed is what it
        // refuses
        Settings settings = TestSettings.costGuardOff(TWIN_NAME);
        Wiring wiring =
                Wiring.of(
                        new OfflineChatModel(persona, TWIN_NAME),
                        conversations,
                        persona,
                        settings,
                        telemetry);
        wiring.persona().current();
        return new TwinUnderLoad(DevServer.start(wiring, null, 0), s3, own);
    }

    /** The server's base URL, e.g. {@code http://127.0.0.1:54321/}. */
    URI uri() {
        return server.uri();
    }

    @Override
    public void close() {
        server.close();
        if (s3 != null) {
            s3.close();
        }
        if (ownProxy != null) {
            ownProxy.close();
        }
    }
}
