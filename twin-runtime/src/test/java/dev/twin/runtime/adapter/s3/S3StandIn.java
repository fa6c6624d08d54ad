package dev.twin.runtime.adapter.s3;

import java.io.IOException;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Test fixture for tests outside this package (e.g. the hostile-input suite): the JVM-wide s3proxy
 * behind a fresh {@link S3Gate}, with a client through the gate (what the runtime's store uses, so
 * conditional puts behave as on S3) and one straight to s3proxy (for checks).
 */
public final class S3StandIn implements AutoCloseable {

    private final S3Gate gate;
    private final S3Client viaGate;
    private final S3Client direct;

    private S3StandIn(S3Gate gate, S3Client viaGate, S3Client direct) {
        this.gate = gate;
        this.viaGate = viaGate;
        this.direct = direct;
    }

    /** Starts s3proxy (once per JVM, forked) and a gate in front of it. */
    public static S3StandIn start() throws IOException, InterruptedException {
        S3ProxyServer s3proxy = S3ProxyServer.shared();
        S3Gate gate = new S3Gate(s3proxy.port());
        return new S3StandIn(
                gate,
                S3Clients.build(gate.endpoint(), S3ProxyServer.CREDENTIALS),
                s3proxy.client());
    }

    /** The client for the runtime's adapters (through the gate). */
    public S3Client client() {
        return viaGate;
    }

    /** A client straight to s3proxy, for setting up and inspecting buckets. */
    public S3Client direct() {
        return direct;
    }

    @Override
    public void close() throws IOException {
        viaGate.close();
        direct.close();
        gate.close();
    }
}
