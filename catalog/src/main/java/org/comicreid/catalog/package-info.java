/** comic-reid catalog module. */
package org.comicreid.catalog;
