package dev.twin.runtime.adapter.s3;

import java.io.IOException;
import java.net.URI;

/**
 * Test fixture: {@link S3Gate} (atomic conditional PUTs in front of s3proxy) for other packages.
 */
public final class S3GateAccess implements AutoCloseable {

    private final S3Gate gate;

    private S3GateAccess(S3Gate gate) {
        this.gate = gate;
    }

    public static S3GateAccess in(S3ProxyServer s3proxy) throws IOException {
        return new S3GateAccess(new S3Gate(s3proxy.port()));
    }

    public URI endpoint() {
        return gate.endpoint();
    }

    @Override
    public void close() throws Exception {
        gate.close();
    }
}
