package io.drkit.cli.objectlock;

import java.util.Collection;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;

/**
 * Loaded into S3Mock's JVM (not this one) as an auto-configuration: S3Mock adds its plain-HTTP
 * connector without an address, which would listen on every interface; this binds it to loopback.
 * Reflection only, because S3Mock runs another Spring Boot generation than drkit.
 */
public class LoopbackConnectors {

    @Bean
    static BeanPostProcessor loopbackConnectors() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                if (bean.getClass().getSimpleName().equals("TomcatServletWebServerFactory")) {
                    try {
                        for (Object c : (Collection<?>) bean.getClass().getMethod("getAdditionalTomcatConnectors")
                                .invoke(bean)) {
                            c.getClass().getMethod("setProperty", String.class, String.class)
                                    .invoke(c, "address", "127.0.0.1");
                        }
                    } catch (ReflectiveOperationException e) {
                        throw new IllegalStateException(e);
                    }
                }
                return bean;
            }
        };
    }
}
