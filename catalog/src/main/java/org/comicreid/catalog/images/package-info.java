/** Panel images and the content-addressed cache of face and body crops cut from them. */
package org.comicreid.catalog.images;
