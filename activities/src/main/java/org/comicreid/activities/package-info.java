/** comic-reid activities module. */
package org.comicreid.activities;
