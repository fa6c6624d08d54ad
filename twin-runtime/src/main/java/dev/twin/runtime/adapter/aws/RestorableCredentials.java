package dev.twin.runtime.adapter.aws;

import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * The SDK's default credentials chain, behind one shared provider every runtime client uses, that
 * can be replaced by a fresh chain after a SnapStart restore: credentials resolved while priming
 * (before the snapshot) are then never used by a restored environment; the first call after restore
 * resolves them again (environment keys, or the container endpoint SnapStart provides).
 */
public final class RestorableCredentials implements AwsCredentialsProvider {

    private static final RestorableCredentials SHARED = new RestorableCredentials();

    private volatile AwsCredentialsProvider chain = DefaultCredentialsProvider.builder().build();

    private RestorableCredentials() {}

    /** The provider every runtime AWS client gets when none is given. */
    public static RestorableCredentials shared() {
        return SHARED;
    }

    @Override
    public AwsCredentials resolveCredentials() {
        return chain.resolveCredentials();
    }

    /** Drops whatever the chain cached (after a restore). */
    public void renew() {
        AwsCredentialsProvider old = chain;
        chain = DefaultCredentialsProvider.builder().build();
        if (old instanceof SdkAutoCloseable c) {
            c.close();
        }
    }
}
