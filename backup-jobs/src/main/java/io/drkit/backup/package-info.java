/**
 * drkit backup --full: the service, the fullBackup job and its tasklets, chain start and fail points.
 * May use core; no other job module.
 * Not @NullMarked: a point without change capture has a null chain and slot.
 */
package io.drkit.backup;
