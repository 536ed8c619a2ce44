/** Pieces shared by the trainers: the progress/cancel monitor, seed derivation and parameter helpers. */
package org.comicreid.learning.training;
