#!/usr/bin/env bash
# Regenerates the C# client the tests use (Portal.Tests/Api/Generated/PortalApiClient.cs) from the
# OpenAPI document kept beside the tests (Portal.Tests/Fixtures/openapi/v1.json). When the API
# changes, OpenApiClientTests fails and writes the live document to a file it names: copy that file
# over the fixture, then run this script.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet tool restore > /dev/null
dotnet nswag openapi2csclient \
    /input:Portal.Tests/Fixtures/openapi/v1.json \
    /output:Portal.Tests/Api/Generated/PortalApiClient.cs \
    /namespace:Portal.Tests.Api.Generated \
    /className:PortalApiClient \
    /jsonLibrary:SystemTextJson \
    /operationGenerationMode:SingleClientFromOperationId \
    /generateClientInterfaces:false \
    /generateExceptionClasses:true \
    /useBaseUrl:false
