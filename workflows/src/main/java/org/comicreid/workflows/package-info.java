/** comic-reid workflows module. */
package org.comicreid.workflows;
