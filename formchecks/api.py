"""Form-check API: a client's videos and photos, their comments, and the bytes themselves.

Everything is under the client (``…/clients/<id>/form-checks/``): the client sees their own,
every coach and owner of the organization sees every client's (team coverage); another client's
is a 404, like another organization's. The file is served by ``FormCheckFileView`` only, never
from a public URL.
"""

from __future__ import annotations

from django.http import FileResponse, HttpResponseRedirect, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.utils.http import content_disposition_header
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from billing.review import form_feedback_for
from coaching.api.base import ALL_ROLES, OneClientMixin, OrganizationAPIView
from coaching.models import Role
from formchecks import services
from formchecks.core import media
from formchecks.models import FormCheck
from formchecks.serializers import CommentSerializer, FormCheckSerializer, NewCommentSerializer

NOT_FOUND = OpenApiResponse(description="Not in this organization (or no such client or check).")
NO_FORM_FEEDBACK = OpenApiResponse(
    description="The client's tier does not include form feedback (their coach may still upload)."
)
TOO_LARGE_SCHEMA = {
    "type": "object",
    "properties": {
        "file": {"type": "array", "items": {"type": "string"}},
        "detail": {"type": "string"},
    },
}
# Room for the multipart envelope (note, set) around a file of the largest size accepted.
MULTIPART_SLACK_BYTES = 256 * 1024
NO_FEEDBACK_WORDS = "Your plan does not include form feedback: ask your coach about it."


def refused(refusal: media.Refusal) -> Response:
    return Response({refusal.field: [refusal.message]}, status=refusal.status)


class FormCheckMixin(OneClientMixin):
    def form_checks(self, client):
        return FormCheck.objects.filter(client=client).select_related(
            "uploaded_by", "set_log__exercise", "set_log__log"
        )

    def form_check(self, pk: int, check_id: int) -> FormCheck:
        client = self.get_client(pk)
        return get_object_or_404(self.form_checks(client), pk=check_id)


class FormCheckListView(FormCheckMixin, OrganizationAPIView, generics.GenericAPIView):
    """GET: the client's form checks, newest first, each with its comments. POST (multipart):
    upload a video or photo (``file``), optionally about a logged set (``set_log``) with a
    ``note``. The type is read from the content (JPEG, PNG, WebP, MP4, MOV, WebM), a video's
    length from its container; too long or the wrong type is a 400 naming ``file``, too big a
    413. To send it on a message, post the message with ``attachments: [<id>]``."""

    model = FormCheck
    allowed_roles = ALL_ROLES
    serializer_class = FormCheckSerializer
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(responses={200: FormCheckSerializer(many=True), 404: NOT_FOUND})
    def get(self, request, org, pk):
        client = self.get_client(pk)
        checks = self.form_checks(client).prefetch_related("comments__author").order_by("-id")
        page = self.paginate_queryset(checks)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        request={
            "multipart/form-data": {
                "type": "object",
                "properties": {
                    "file": {"type": "string", "format": "binary"},
                    "set_log": {"type": "integer", "description": "A set this client logged"},
                    "note": {"type": "string", "maxLength": services.MAX_NOTE_CHARS},
                },
                "required": ["file"],
            }
        },
        responses={
            201: FormCheckSerializer,
            400: OpenApiResponse(description="{field: [messages]}"),
            403: NO_FORM_FEEDBACK,
            404: NOT_FOUND,
            413: OpenApiResponse(TOO_LARGE_SCHEMA, description="Over the size limit."),
        },
    )
    def post(self, request, org, pk):
        client = self.get_client(pk)
        limits = services.limits()
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > limits.max_bytes + MULTIPART_SLACK_BYTES:
            return refused(media.size_refusal(length, limits))  # before the body is read
        if self.membership.role == Role.CLIENT and not form_feedback_for(client):
            raise PermissionDenied(NO_FEEDBACK_WORDS)
        upload = request.FILES.get("file")
        if upload is None:
            raise ValidationError({"file": ["Attach a video or photo as 'file'."]})
        try:
            form_check = services.create_form_check(
                client,
                uploaded_by=request.user,
                role=self.membership.role,
                upload=upload,
                set_log_id=request.data.get("set_log"),
                note=request.data.get("note") or "",
            )
        except media.Refusal as refusal:
            return refused(refusal)
        form_check = self.form_checks(client).get(pk=form_check.pk)
        return Response(self.get_serializer(form_check).data, status=201)


class FormCheckDetailView(FormCheckMixin, OrganizationAPIView):
    """One form check of the client, with its comments."""

    model = FormCheck
    allowed_roles = ALL_ROLES

    @extend_schema(responses={200: FormCheckSerializer, 404: NOT_FOUND})
    def get(self, request, org, pk, check_id):
        form_check = self.form_check(pk, check_id)
        context = self.get_serializer_context()
        return Response(FormCheckSerializer(form_check, context=context).data)


class FormCommentListView(FormCheckMixin, OrganizationAPIView):
    """POST a comment on the form check, tied to a moment of the video (``at_seconds``, within
    its length) or to none. The client and every coach and owner may comment."""

    model = FormCheck
    allowed_roles = ALL_ROLES

    @extend_schema(
        request=NewCommentSerializer,
        responses={201: CommentSerializer, 400: OpenApiResponse(), 404: NOT_FOUND},
    )
    def post(self, request, org, pk, check_id):
        form_check = self.form_check(pk, check_id)
        serializer = NewCommentSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            comment = services.add_comment(
                form_check,
                author=request.user,
                role=self.membership.role,
                body=serializer.validated_data["body"],
                at_seconds=serializer.validated_data.get("at_seconds"),
            )
        except media.Refusal as refusal:
            return refused(refusal)
        return Response(CommentSerializer(comment).data, status=201)


class IgnoreAccept(BaseContentNegotiation):
    """Players and image tags send every kind of Accept header; the bytes are what they asked
    for, and errors are JSON."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return JSONRenderer(), JSONRenderer.media_type


FILE_CONTENT = {media_type.content_type: OpenApiTypes.BINARY for media_type in media.ACCEPTED}
STREAM_CHUNK = 256 * 1024


def _stream(handle, start: int, length: int):
    try:
        handle.seek(start)
        left = length
        while left > 0:
            chunk = handle.read(min(STREAM_CHUNK, left))
            if not chunk:
                break
            left -= len(chunk)
            yield chunk
    finally:
        handle.close()


class FormCheckFileView(FormCheckMixin, OrganizationAPIView):
    """The video or photo itself, for that client and their organization's coaches and owners
    only (another client's, or another organization's, is a 404). Streams; a ``Range: bytes=``
    request (video players seek with them) is answered 206 with that part, one past the end
    416. Served with the type read from the content at upload, inline, never cached by proxies.
    From a bucket (``FORM_CHECK_STORAGE=s3``), the answer is a 302 to a signed URL valid for
    ``FORM_CHECK_SIGNED_URL_SECONDS``, made only after the same checks."""

    model = FormCheck
    allowed_roles = ALL_ROLES
    content_negotiation_class = IgnoreAccept

    @extend_schema(
        responses={
            **{
                (200, ct): OpenApiResponse(t, description="The whole file")
                for ct, t in FILE_CONTENT.items()
            },
            **{
                (206, ct): OpenApiResponse(t, description="The part the Range asked for")
                for ct, t in FILE_CONTENT.items()
            },
            302: OpenApiResponse(description="From a bucket: to a short-lived signed URL."),
            404: NOT_FOUND,
            416: OpenApiResponse(description="The Range starts past the end of the file."),
        }
    )
    def get(self, request, org, pk, check_id):
        form_check = self.form_check(pk, check_id)
        size = form_check.size_bytes
        try:
            wanted = media.byte_range(request.headers.get("Range"), size)
        except media.Unsatisfiable:
            response = Response(
                {"detail": "The range starts past the end of the file."}, status=416
            )
            response["Content-Range"] = f"bytes */{size}"
            return response
        extension = form_check.file_name.rsplit(".", 1)[-1]
        disposition = content_disposition_header(False, f"form-check-{form_check.pk}.{extension}")
        if services.signs_urls():
            # A bucket answers ranges itself: after the checks above, send the player to a
            # short-lived signed URL instead of relaying every byte through a web worker.
            response = HttpResponseRedirect(services.signed_url(form_check, disposition))
            response["Cache-Control"] = "private, no-store"
            return response
        handle = services.storage().open(form_check.file_name, "rb")
        if wanted is None:
            response = FileResponse(handle, content_type=form_check.content_type)
            response["Content-Length"] = str(size)
        else:
            first, last = wanted
            response = StreamingHttpResponse(
                _stream(handle, first, last - first + 1),
                status=206,
                content_type=form_check.content_type,
            )
            response["Content-Range"] = f"bytes {first}-{last}/{size}"
            response["Content-Length"] = str(last - first + 1)
        response["Content-Disposition"] = disposition
        response["Accept-Ranges"] = "bytes"
        # Opened directly, the file is never a document that runs anything.
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        response["Cache-Control"] = "private, no-store"
        response["X-Content-Type-Options"] = "nosniff"
        return response
