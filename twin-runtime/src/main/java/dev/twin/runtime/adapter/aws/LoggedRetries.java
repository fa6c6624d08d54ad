package dev.twin.runtime.adapter.aws;

import dev.twin.runtime.observe.Log;
import java.util.Objects;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.retries.api.AcquireInitialTokenRequest;
import software.amazon.awssdk.retries.api.AcquireInitialTokenResponse;
import software.amazon.awssdk.retries.api.RecordSuccessRequest;
import software.amazon.awssdk.retries.api.RecordSuccessResponse;
import software.amazon.awssdk.retries.api.RefreshRetryTokenRequest;
import software.amazon.awssdk.retries.api.RefreshRetryTokenResponse;
import software.amazon.awssdk.retries.api.RetryStrategy;

/**
 * Makes every AWS SDK retry visible: one {@link Log#retry} line per retry (service, operation, the
 * attempt about to be made, the previous attempt's failure, the back-off). The SDK's standard
 * strategy still decides WHETHER to retry (AWS retryable errors, throttling back-off, the retry
 * quota); the wrapper only reports the retries it grants, so a 412 or a 403 logs nothing.
 *
 * <p>The strategy sees the failure but not the operation; the interceptor sees the operation, so it
 * hands it over in a thread-local. That is sound for the SYNC clients the runtime uses: the SDK
 * runs a call's attempts, and asks the strategy between them, on the calling thread.
 */
public final class LoggedRetries {

    private static final ThreadLocal<Call> CURRENT = new ThreadLocal<>();
    private static final ExecutionInterceptor INTERCEPTOR = new Interceptor();
    private static final int CAUSE_MAX = 200;

    private LoggedRetries() {}

    /**
     * The SDK's standard AWS strategy with {@code maxAttempts} (first attempt included), logging
     * each retry.
     */
    public static RetryStrategy standard(int maxAttempts) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException(
                    "maxAttempts must be at least 1, was " + maxAttempts);
        }
        return new Logging(
                AwsRetryStrategy.standardRetryStrategy().toBuilder()
                        .maxAttempts(maxAttempts)
                        .build());
    }

    /**
     * Register on every client that uses {@link #standard(int)}: it names the call in the retry
     * line.
     */
    public static ExecutionInterceptor interceptor() {
        return INTERCEPTOR;
    }

    /**
     * The previous attempt's failure, short: {@code "503 SlowDown"}, {@code "SocketException:
     * Connection reset"}.
     */
    static String cause(Throwable t) {
        if (t instanceof AwsServiceException a) {
            String code =
                    a.awsErrorDetails() != null && a.awsErrorDetails().errorCode() != null
                            ? " " + a.awsErrorDetails().errorCode()
                            : "";
            return a.statusCode() + code;
        }
        if (t instanceof SdkServiceException s) {
            return String.valueOf(s.statusCode());
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ApiCallAttemptTimeoutException) {
                return "attempt timeout";
            }
        }
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String msg = root.getMessage() == null ? "" : ": " + root.getMessage();
        String s = root.getClass().getSimpleName() + msg;
        return s.length() > CAUSE_MAX ? s.substring(0, CAUSE_MAX) + "..." : s;
    }

    /** The call in flight on this thread. */
    private static final class Call {
        final String service;
        final String operation;
        int attempt = 1;

        Call(String service, String operation) {
            this.service = service;
            this.operation = operation;
        }
    }

    private static final class Interceptor implements ExecutionInterceptor {
        @Override
        public void beforeExecution(
                Context.BeforeExecution context, ExecutionAttributes attributes) {
            String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
            String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
            CURRENT.set(
                    new Call(
                            service == null ? "aws" : service,
                            operation == null ? "unknown" : operation));
        }

        @Override
        public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
            CURRENT.remove();
        }

        @Override
        public void onExecutionFailure(
                Context.FailedExecution context, ExecutionAttributes attributes) {
            CURRENT.remove();
        }
    }

    /** Delegates every decision; logs the retries granted. */
    private static final class Logging implements RetryStrategy {
        private final RetryStrategy delegate;

        Logging(RetryStrategy delegate) {
            this.delegate = Objects.requireNonNull(delegate, "delegate");
        }

        @Override
        public AcquireInitialTokenResponse acquireInitialToken(AcquireInitialTokenRequest request) {
            Call call = CURRENT.get();
            if (call != null) {
                call.attempt = 1;
            }
            return delegate.acquireInitialToken(request);
        }

        @Override
        public RefreshRetryTokenResponse refreshRetryToken(RefreshRetryTokenRequest request) {
            // throws TokenAcquisitionFailedException when no retry is allowed: then nothing is
            // logged here,
            // the caller maps and logs the final failure
            RefreshRetryTokenResponse granted = delegate.refreshRetryToken(request);
            Call call = CURRENT.get();
            int next = call != null ? ++call.attempt : 0;
            Log.retry(
                    call != null ? call.service : "aws",
                    call != null ? call.operation : "unknown",
                    next,
                    delegate.maxAttempts(),
                    cause(request.failure()),
                    granted.delay().toMillis());
            return granted;
        }

        @Override
        public RecordSuccessResponse recordSuccess(RecordSuccessRequest request) {
            return delegate.recordSuccess(request);
        }

        @Override
        public int maxAttempts() {
            return delegate.maxAttempts();
        }

        /**
         * Rebuilding yields the plain strategy (without the log lines); the runtime never rebuilds
         * it.
         */
        @Override
        public Builder<?, ?> toBuilder() {
            return delegate.toBuilder();
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
