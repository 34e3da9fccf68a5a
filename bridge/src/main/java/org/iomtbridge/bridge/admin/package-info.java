/**
 * Who may do what: dashboard users, API keys, roles, sign-in throttling, the security filter chains (tables
 * dashboard_user, api_key, login_throttle).
 */
@ApplicationModule(displayName = "Administration", allowedDependencies = {"audit", "shared"})
package org.iomtbridge.bridge.admin;

import org.springframework.modulith.ApplicationModule;
