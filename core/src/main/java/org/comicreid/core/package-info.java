/** Domain records and pure algorithms of comic-reid; no framework dependencies. */
package org.comicreid.core;
