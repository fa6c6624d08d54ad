package dev.twin.it;

import java.io.InputStream;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.blobstore.domain.MultipartUpload;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * The store behind s3proxy, recording every object write (PUT, copy, multipart part) and delete
 * that reaches it, so the suite can show "nothing was uploaded" from the server's side rather than
 * from the goal's own summary.
 */
final class CountingBlobStore extends ForwardingBlobStore {

    private final List<String> writes = new CopyOnWriteArrayList<>();
    private final List<String> deletes = new CopyOnWriteArrayList<>();

    CountingBlobStore(BlobStore delegate) {
        super(delegate);
    }

    @Override
    public PutObjectResponse putBlob(PutObjectRequest request, InputStream content) {
        writes.add("PUT " + request.bucket() + "/" + request.key());
        return super.putBlob(request, content);
    }

    @Override
    public CopyObjectResponse copyBlob(CopyObjectRequest request) {
        writes.add("COPY " + request.destinationBucket() + "/" + request.destinationKey());
        return super.copyBlob(request);
    }

    @Override
    public UploadPartResponse uploadMultipartPart(
            MultipartUpload upload, UploadPartRequest request, InputStream content) {
        writes.add(
                "PUT part " + request.bucket() + "/" + request.key() + "#" + request.partNumber());
        return super.uploadMultipartPart(upload, request, content);
    }

    @Override
    public DeleteObjectResponse removeBlob(DeleteObjectRequest request) {
        deletes.add("DELETE " + request.bucket() + "/" + request.key());
        return super.removeBlob(request);
    }

    /** Object writes since the last {@link #reset()}, e.g. {@code PUT site-bucket/index.html}. */
    List<String> writes() {
        return List.copyOf(writes);
    }

    List<String> deletes() {
        return List.copyOf(deletes);
    }

    void reset() {
        writes.clear();
        deletes.clear();
    }
}
