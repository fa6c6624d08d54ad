package dev.twin.runtime.faults;

import com.github.tomakehurst.wiremock.extension.ResponseTransformerV2;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.Response;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

/**
 * WireMock extension for stubs that name it: the request has been proxied to the real backend
 * (s3proxy stored the object), then the answer is lost, the connection reset. The one fault that
 * tempts a client to store a turn twice.
 */
final class ResetAfterProxying implements ResponseTransformerV2 {

    static final String NAME = "reset-after-proxying";

    @Override
    public Response transform(Response response, ServeEvent serveEvent) {
        return Response.Builder.like(response).but().fault(Fault.CONNECTION_RESET_BY_PEER).build();
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    @Override
    public String getName() {
        return NAME;
    }
}
