package dev.twin.cdk;

import java.util.List;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpLambdaIntegration;
import software.amazon.awscdk.services.apigateway.AccessLogFormat;
import software.amazon.awscdk.services.apigatewayv2.AddRoutesOptions;
import software.amazon.awscdk.services.apigatewayv2.CorsHttpMethod;
import software.amazon.awscdk.services.apigatewayv2.CorsPreflightOptions;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.apigatewayv2.HttpMethod;
import software.amazon.awscdk.services.apigatewayv2.HttpStage;
import software.amazon.awscdk.services.apigatewayv2.IAccessLogSettings;
import software.amazon.awscdk.services.apigatewayv2.IHttpApi;
import software.amazon.awscdk.services.apigatewayv2.LogGroupLogDestination;
import software.amazon.awscdk.services.apigatewayv2.PayloadFormatVersion;
import software.amazon.awscdk.services.apigatewayv2.ThrottleSettings;
import software.amazon.awscdk.services.logs.ILogGroup;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

/**
 * The HTTP API in front of the chat function: payload v2, the chat routes with and without the
 * {@code /api} prefix, a {@code $default} stage with throttling and JSON access logs, and CORS for
 * exact origins only.
 *
 * <p>The stage is an explicit {@link HttpStage} (not the API's implicit default stage) so that
 * throttling and access logging are typed props in the template that cdk-nag can see, with no raw
 * property overrides.
 */
public class TwinApi extends Construct {

    /** The chat routes of DESIGN.md, without prefix. */
    static final List<Route> ROUTES =
            List.of(
                    new Route(HttpMethod.GET, "/health"),
                    new Route(HttpMethod.POST, "/chat"),
                    new Route(HttpMethod.GET, "/conversation/{session_id}"),
                    new Route(HttpMethod.DELETE, "/conversation/{session_id}"));

    /**
     * CloudFront forwards {@code /api/*} unchanged, so every route is also served under this
     * prefix.
     */
    public static final String API_PREFIX = "/api";

    /** One route of the chat API. */
    record Route(HttpMethod method, String path) {}

    private final HttpApi httpApi;
    private final HttpStage stage;
    private final LogGroup accessLogGroup;

    public TwinApi(Construct scope, String id, TwinApiProps props) {
        super(scope, id);
        FeatureFlags.apply(this);
        Problems problems = new Problems();
        props.validate(problems);
        problems.throwIfAny();

        HttpApi.Builder api =
                HttpApi.Builder.create(this, "HttpApi")
                        .description("twin: chat API")
                        .createDefaultStage(false);
        if (!props.getAllowedOrigins().isEmpty()) {
            api.corsPreflight(
                    CorsPreflightOptions.builder()
                            .allowOrigins(props.getAllowedOrigins())
                            .allowMethods(
                                    List.of(
                                            CorsHttpMethod.GET,
                                            CorsHttpMethod.POST,
                                            CorsHttpMethod.DELETE,
                                            CorsHttpMethod.OPTIONS))
                            .allowHeaders(List.of("content-type"))
                            .maxAge(Duration.hours(1))
                            .build());
        }
        this.httpApi = api.build();

        this.accessLogGroup =
                LogGroup.Builder.create(this, "AccessLogs")
                        .retention(props.getAccessLogRetention())
                        .removalPolicy(props.getRemovalPolicy())
                        .build();
        this.stage =
                HttpStage.Builder.create(this, "DefaultStage")
                        .httpApi(httpApi)
                        .stageName("$default")
                        .autoDeploy(true)
                        .throttle(
                                ThrottleSettings.builder()
                                        .rateLimit(props.getRateLimit())
                                        .burstLimit(props.getBurstLimit())
                                        .build())
                        .accessLogSettings(
                                new IAccessLogSettings() {
                                    @Override
                                    public software.amazon.awscdk.services.apigatewayv2
                                                    .IAccessLogDestination
                                            getDestination() {
                                        return new LogGroupLogDestination(accessLogGroup);
                                    }

                                    @Override
                                    public AccessLogFormat getFormat() {
                                        return AccessLogFormat.custom(
                                                SecureDefaults.API_ACCESS_LOG_FORMAT);
                                    }
                                })
                        .build();

        HttpLambdaIntegration integration =
                HttpLambdaIntegration.Builder.create("Chat", props.getHandler())
                        .payloadFormatVersion(PayloadFormatVersion.VERSION_2_0)
                        .build();
        for (String prefix : List.of("", API_PREFIX)) {
            for (Route route : ROUTES) {
                httpApi.addRoutes(
                        AddRoutesOptions.builder()
                                .path(prefix + route.path())
                                .methods(List.of(route.method()))
                                .integration(integration)
                                .build());
            }
        }
    }

    /** The HTTP API. */
    public IHttpApi getHttpApi() {
        return httpApi;
    }

    /** The {@code $default} stage (throttled, access-logged). */
    public HttpStage getStage() {
        return stage;
    }

    /** The stage's access-log group. */
    public ILogGroup getAccessLogGroup() {
        return accessLogGroup;
    }

    /** The API's URL ({@code https://<id>.execute-api.<region>.amazonaws.com/}). */
    public String getEndpoint() {
        return stage.getUrl();
    }

    /** The API's host name, for a CloudFront origin. */
    public String getDomainName() {
        return Fn.select(2, Fn.split("/", httpApi.getApiEndpoint()));
    }
}
