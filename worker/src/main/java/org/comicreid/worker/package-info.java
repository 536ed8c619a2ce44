/** comic-reid worker module. */
package org.comicreid.worker;
