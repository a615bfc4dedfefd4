/**
 * drkit restore: the service, the restore job and its tasklets, the ledger in the target, point choice
 * and damage advice.
 * May use core; no other job module.
 * Not @NullMarked: a request's point, time and target are null when not given.
 */
package io.drkit.restore;
