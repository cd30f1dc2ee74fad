from django.http import HttpResponse


def search(request):
    return HttpResponse("Portal Back Office")
