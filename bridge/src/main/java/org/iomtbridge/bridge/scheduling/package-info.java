/**
 * The durable task queues of all features, as the dashboard watches them (table scheduled_tasks, db-scheduler's).
 */
@ApplicationModule(displayName = "Scheduling", allowedDependencies = {})
package org.iomtbridge.bridge.scheduling;

import org.springframework.modulith.ApplicationModule;
