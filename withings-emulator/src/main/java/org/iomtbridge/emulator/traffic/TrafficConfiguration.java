package org.iomtbridge.emulator.traffic;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Puts {@link TrafficControl} in front of the Withings API, not of the authorization page or the control API. */
@Configuration
public class TrafficConfiguration implements WebMvcConfigurer {

    private final TrafficControl control;

    public TrafficConfiguration(TrafficControl control) {
        this.control = control;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(control).addPathPatterns("/measure", "/v2/**", "/notify");
    }
}
