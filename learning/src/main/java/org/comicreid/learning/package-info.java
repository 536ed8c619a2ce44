/** comic-reid learning module. */
package org.comicreid.learning;
