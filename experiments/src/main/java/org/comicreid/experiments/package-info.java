/** comic-reid experiments module. */
package org.comicreid.experiments;
