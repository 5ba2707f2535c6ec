package io.tokenbooth.server.admin;

import io.javalin.config.RoutesConfig;

/** The admin route table, apart from the public one: everything under {@code /admin/api/v1}. */
public record AdminRoutes(AdminClientsEndpoint clients, AdminApisEndpoint apis) {

    public void declare(RoutesConfig r) {
        r.get("/admin/api/v1/clients", clients::list);
        r.post("/admin/api/v1/clients", clients::create);
        r.get("/admin/api/v1/clients/{clientId}", clients::read);
        r.delete("/admin/api/v1/clients/{clientId}", clients::delete);
        r.post("/admin/api/v1/clients/{clientId}/secret", clients::rotateSecret);
        r.get("/admin/api/v1/apis", apis::list);
        r.post("/admin/api/v1/apis", apis::create);
        r.get("/admin/api/v1/apis/{name}", apis::read);
        r.delete("/admin/api/v1/apis/{name}", apis::delete);
    }
}
