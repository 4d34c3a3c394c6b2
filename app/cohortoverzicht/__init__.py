"""The cohort overview: students x leeruitkomsten for staff, with CSV and XLSX exports."""
