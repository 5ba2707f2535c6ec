package io.tokenbooth.verifier.servlet;

import io.tokenbooth.verifier.BearerAdapterContract;
import io.tokenbooth.verifier.ResourceServerVerifier;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** The filter in a real servlet container (Jetty 12, EE10), over HTTP: the same answers as the Javalin handler. */
class BearerTokenFilterTest extends BearerAdapterContract {
    private Server jetty;

    @Override
    protected String start(ResourceServerVerifier verifier) throws Exception {
        jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.addFilter(new FilterHolder(new BearerTokenFilter("wallet", verifier, "wallet:read")), "/wallet/*",
                null);
        context.addServlet(new ServletHolder(new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                resp.getWriter().write("hello " + BearerTokenFilter.token(req).subject());
            }
        }), "/wallet/*");
        jetty.setHandler(context);
        jetty.start();
        return "http://127.0.0.1:" + connector.getLocalPort() + "/wallet/x";
    }

    @Override
    protected void stop() throws Exception {
        jetty.stop();
    }
}
