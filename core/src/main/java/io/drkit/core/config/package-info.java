/**
 * All settings (DrkitProperties), the settings in force for the run (RuntimeSettings), their checks and
 * the host name.
 * May use error, objectives, pg, progress and store.
 * Not @NullMarked: optional settings are null when unset, and RuntimeSettings returns null for them.
 */
package io.drkit.core.config;
