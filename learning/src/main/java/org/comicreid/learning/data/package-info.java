/** Image crops as handed to the learning code: square RGB bytes, already resized and padded. */
package org.comicreid.learning.data;
