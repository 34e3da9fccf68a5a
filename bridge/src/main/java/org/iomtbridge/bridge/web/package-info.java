/**
 * What every page and API answer shares: error answers, paging bounds, the public base URL.
 */
@ApplicationModule(displayName = "Web", allowedDependencies = {})
package org.iomtbridge.bridge.web;

import org.springframework.modulith.ApplicationModule;
