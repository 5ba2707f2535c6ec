#!/bin/bash
# buckets for a cc profile
/usr/lib/jvm/temurin-25-jdk-amd64/bin/java -cp "$(dirname "$0")"/classes Agg "$1" ${MODE:-buckets} \
 'syscalls=^sun.nio.ch.SocketDispatcher|^sun.nio.ch.EPoll|^sun.nio.ch.IOUtil|^sun.nio.ch.EventFD' \
 'logback=ch.qos.logback|org.slf4j' \
 'ES256 native sign=com.amazon.corretto' \
 'sign wrapper (Nimbus, low-S, base64)=io.tokenbooth.server.keys.PresetHeaderSigner' \
 'claims JSON=io.tokenbooth.server.token.AccessTokenClaims' \
 'jti UUID=java.util.UUID' \
 'status index=io.tokenbooth.server.token.status' \
 'mint other=io.tokenbooth.server.token.AccessTokenMinter' \
 'grant other (scopes, audiences)=io.tokenbooth.server.oauth.token.TokenGrants' \
 'client auth=io.tokenbooth.server.oauth.client' \
 'form parse=io.tokenbooth.server.http.FormBody' \
 'response JSON=io.tokenbooth.server.http.Json.write|io.tokenbooth.server.oauth.token.TokenResponse.json' \
 'response write (Jetty generate)=io.tokenbooth.server.http.BodyWriter' \
 'handler other=io.tokenbooth.server.oauth.token.TokenEndpoint' \
 'metrics=io.tokenbooth.server.metrics|io.micrometer' \
 'before handlers=io.tokenbooth.server.http.SecurityHeaders|io.tokenbooth.server.http.Cors|io.tokenbooth.server.http.RequestGuard' \
 'constant docs handler=io.tokenbooth.server.http.ConstantDocument' \
 'Javalin (routing, context, after)=io.javalin' \
 'Jetty servlet layer=org.eclipse.jetty.ee10' \
 'Jetty request parse=org.eclipse.jetty.http.HttpParser' \
 'Jetty other=org.eclipse.jetty' 
